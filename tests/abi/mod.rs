//! Helpers for the `abi_layout` test: reading the measured libuv 1.44 tables,
//! generating small C programs, and driving the C toolchain.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

// ---------------------------------------------------------------------------
// Locations
// ---------------------------------------------------------------------------

/// `<repo>/../shared/abi`, where the measured reference tables live.
pub fn abi_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/abi"))
}

/// Directory passed to the compiler with `-I`: our `include/`, unless
/// `RUV_ABI_INCLUDE_DIR` points elsewhere (e.g. `/usr/include` to validate the
/// generator against the real libuv header).
pub fn include_dir() -> PathBuf {
    match std::env::var_os("RUV_ABI_INCLUDE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/include")),
    }
}

/// Files kept next to this module (`tests/abi/`).
pub fn helper_file(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/abi")).join(name)
}

/// Reads a reference table, failing with a clear message if it is missing.
pub fn read_reference(name: &str) -> String {
    let path = abi_dir().join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the ABI reference table {}: {e}\n\
             (expected the measured libuv 1.44 tables in <repo>/../shared/abi/)",
            path.display()
        )
    })
}

// ---------------------------------------------------------------------------
// Reference tables
// ---------------------------------------------------------------------------

/// One row of layout.tsv. For the whole-type row `field` is `-`, `a` is
/// alignof and `b` is sizeof; otherwise `a` is the offset and `b` the size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutRow {
    pub ty: String,
    pub field: String,
    pub a: u64,
    pub b: u64,
}

impl LayoutRow {
    pub fn is_whole_type(&self) -> bool {
        self.field == "-"
    }

    pub fn key(&self) -> (String, String) {
        (self.ty.clone(), self.field.clone())
    }
}

/// Splits a TSV file into rows of columns, skipping the header row and
/// blank lines.
fn tsv_rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.split('\t').collect())
}

fn parse_num<T: std::str::FromStr>(s: &str, what: &str) -> T {
    s.trim()
        .parse()
        .unwrap_or_else(|_| panic!("bad number {s:?} in {what}"))
}

pub fn layout_rows() -> Vec<LayoutRow> {
    let text = read_reference("layout.tsv");
    tsv_rows(&text)
        .map(|cols| {
            assert_eq!(cols.len(), 4, "layout.tsv row {cols:?}");
            LayoutRow {
                ty: cols[0].to_string(),
                field: cols[1].to_string(),
                a: parse_num(cols[2], "layout.tsv"),
                b: parse_num(cols[3], "layout.tsv"),
            }
        })
        .collect()
}

/// `(name, value)` pairs from constants.tsv, in file order.
pub fn constants() -> Vec<(String, i64)> {
    let text = read_reference("constants.tsv");
    tsv_rows(&text)
        .map(|cols| {
            assert_eq!(cols.len(), 2, "constants.tsv row {cols:?}");
            (cols[0].to_string(), parse_num(cols[1], "constants.tsv"))
        })
        .collect()
}

/// Every exported function name from symbols.tsv.
pub fn exported_functions() -> Vec<String> {
    let text = read_reference("symbols.tsv");
    tsv_rows(&text).map(|cols| cols[0].to_string()).collect()
}

// ---------------------------------------------------------------------------
// C generation
// ---------------------------------------------------------------------------

/// A string literal safe to paste into C source.
fn c_str(s: &str) -> String {
    assert!(
        s.chars().all(|c| c != '"' && c != '\\' && !c.is_control()),
        "unexpected character in {s:?}"
    );
    format!("\"{s}\"")
}

/// Includes and printing macros shared by the generated probe programs.
fn program_prelude() -> String {
    [
        "#include <stddef.h>",
        "#include <stdio.h>",
        "#include <uv.h>",
        "",
        "#define RUV_TYPE(T, name) \\",
        "  printf(\"%s\\t-\\t%llu\\t%llu\\n\", name, \\",
        "         (unsigned long long)_Alignof(T), (unsigned long long)sizeof(T))",
        "#define RUV_FIELD(T, name, F, fname) \\",
        "  printf(\"%s\\t%s\\t%llu\\t%llu\\n\", name, fname, \\",
        "         (unsigned long long)offsetof(T, F), \\",
        "         (unsigned long long)sizeof(((T*)0)->F))",
        "#define RUV_CONST(C, name) \\",
        "  printf(\"=%s\\t%lld\\n\", name, (long long)(C))",
        "",
    ]
    .join("\n")
}

/// One statement printing the measurement for a layout row.
fn layout_statement(row: &LayoutRow) -> String {
    if row.is_whole_type() {
        format!("  RUV_TYPE({}, {});", row.ty, c_str(&row.ty))
    } else {
        format!(
            "  RUV_FIELD({}, {}, {}, {});",
            row.ty,
            c_str(&row.ty),
            row.field,
            c_str(&row.field)
        )
    }
}

/// One statement printing the value of a constant.
fn constant_statement(name: &str) -> String {
    format!("  RUV_CONST({name}, {});", c_str(name))
}

/// A C program that prints, for every layout row, `type field a b` (the
/// layout.tsv format) and, for every constant, `=name value`. It also prints
/// the version suffix between brackets, which checks it is a string literal.
pub fn layout_program(rows: &[LayoutRow], constants: &[(String, i64)]) -> String {
    let mut src = program_prelude();
    src.push_str("\nint main(void) {\n");
    for row in rows {
        src.push_str(&layout_statement(row));
        src.push('\n');
    }
    for (name, _) in constants {
        src.push_str(&constant_statement(name));
        src.push('\n');
    }
    src.push_str("  printf(\"suffix\\t%s\\n\", \"[\" UV_VERSION_SUFFIX \"]\");\n");
    src.push_str("  return 0;\n}\n");
    src
}

/// A translation unit that takes the address of every exported function, so
/// it only compiles if each one is declared.
pub fn address_program(functions: &[String]) -> String {
    let mut src = String::from(
        "#include <uv.h>\n\nvoid ruv_take_addresses(void);\nvoid ruv_take_addresses(void) {\n",
    );
    for f in functions {
        writeln!(src, "  (void)&{f};").unwrap();
    }
    src.push_str("}\n");
    src
}

/// Every callback typedef of the 1.44 API, checked through
/// [`signature_probe_program`].
pub const CALLBACK_TYPEDEFS: &[&str] = &[
    "uv_after_work_cb",
    "uv_alloc_cb",
    "uv_async_cb",
    "uv_calloc_func",
    "uv_check_cb",
    "uv_close_cb",
    "uv_connect_cb",
    "uv_connection_cb",
    "uv_exit_cb",
    "uv_free_func",
    "uv_fs_cb",
    "uv_fs_event_cb",
    "uv_fs_poll_cb",
    "uv_getaddrinfo_cb",
    "uv_getnameinfo_cb",
    "uv_idle_cb",
    "uv_malloc_func",
    "uv_poll_cb",
    "uv_prepare_cb",
    "uv_random_cb",
    "uv_read_cb",
    "uv_realloc_func",
    "uv_shutdown_cb",
    "uv_signal_cb",
    "uv_thread_cb",
    "uv_timer_cb",
    "uv_udp_recv_cb",
    "uv_udp_send_cb",
    "uv_walk_cb",
    "uv_work_cb",
    "uv_write_cb",
];

/// Prefix of the probe functions declared with each callback's function type.
pub const PROBE_PREFIX: &str = "ruv_probe__";

/// Includes uv.h and declares, for each callback typedef `T`, a function
/// `ruv_probe__T` of type `*T`. Compiled with gcc's `-aux-info`, this lists
/// every uv.h prototype and every callback signature in one normal form.
pub fn signature_probe_program() -> String {
    let mut src = String::from("#include <uv.h>\n\n");
    for t in CALLBACK_TYPEDEFS {
        writeln!(src, "__typeof__(*({t})0) {PROBE_PREFIX}{t};").unwrap();
    }
    src
}

// ---------------------------------------------------------------------------
// Parsing program output
// ---------------------------------------------------------------------------

/// What a layout program printed.
#[derive(Default, Debug)]
pub struct Measured {
    pub layout: BTreeMap<(String, String), (u64, u64)>,
    pub constants: BTreeMap<String, i64>,
    pub suffix: Option<String>,
}

pub fn parse_measured(stdout: &str) -> Measured {
    let mut m = Measured::default();
    for line in stdout.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if let Some(name) = cols[0].strip_prefix('=') {
            m.constants
                .insert(name.to_string(), parse_num(cols[1], "program output"));
        } else if cols[0] == "suffix" {
            m.suffix = Some(cols[1].to_string());
        } else {
            assert_eq!(cols.len(), 4, "unexpected output line {line:?}");
            m.layout.insert(
                (cols[0].to_string(), cols[1].to_string()),
                (
                    parse_num(cols[2], "program output"),
                    parse_num(cols[3], "program output"),
                ),
            );
        }
    }
    m
}

/// Describes every layout row whose measurement differs from the table.
pub fn layout_mismatches(expected: &[LayoutRow], measured: &Measured) -> Vec<String> {
    let mut out = Vec::new();
    for row in expected {
        let (a_name, b_name) = if row.is_whole_type() {
            ("align", "size")
        } else {
            ("offset", "size")
        };
        match measured.layout.get(&row.key()) {
            None => out.push(format!("{} {}: not measured", row.ty, row.field)),
            Some(&(a, b)) if (a, b) != (row.a, row.b) => out.push(format!(
                "{} {}: {a_name} {a} size {b}, expected {a_name} {} {b_name} {}",
                row.ty, row.field, row.a, row.b
            )),
            Some(_) => {}
        }
    }
    out
}

/// Describes every constant whose value differs from `expected`.
pub fn constant_mismatches(expected: &[(String, i64)], measured: &Measured) -> Vec<String> {
    let mut out = Vec::new();
    for (name, want) in expected {
        match measured.constants.get(name) {
            None => out.push(format!("{name}: not measured")),
            Some(got) if got != want => out.push(format!("{name} = {got}, expected {want}")),
            Some(_) => {}
        }
    }
    out
}

/// Normalised prototypes from a gcc `-aux-info` file: `name -> declaration`
/// for functions declared in a file called `uv.h` and for the callback probes
/// (renamed after their typedef).
pub fn parse_aux_info(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        // Format: "/* <file>:<line>:<flags> */ <declaration>"
        let Some(rest) = line.strip_prefix("/* ") else {
            continue;
        };
        let Some((origin, decl)) = rest.split_once(" */ ") else {
            continue;
        };
        let file = origin.split(':').next().unwrap_or("");
        let Some(name) = declared_name(decl) else {
            continue;
        };
        if let Some(typedef) = name.strip_prefix(PROBE_PREFIX) {
            let decl = decl.replacen(&name, typedef, 1);
            out.insert(typedef.to_string(), decl);
        } else if file.ends_with("/uv.h") && name.starts_with("uv_") {
            out.insert(name, decl.to_string());
        }
    }
    out
}

/// The function name in an aux-info declaration: the token before " (".
fn declared_name(decl: &str) -> Option<String> {
    let head = &decl[..decl.find(" (")?];
    let token = head.rsplit([' ', '*']).next()?;
    Some(token.to_string())
}

/// Reads `tests/abi/signatures.tsv` (`name<TAB>declaration`).
pub fn expected_signatures() -> BTreeMap<String, String> {
    let path = helper_file("signatures.tsv");
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    tsv_rows(&text)
        .map(|cols| {
            assert_eq!(cols.len(), 2, "signatures.tsv row {cols:?}");
            (cols[0].to_string(), cols[1].to_string())
        })
        .collect()
}

/// Writes `tests/abi/signatures.tsv` from `sigs`.
pub fn write_signatures(sigs: &BTreeMap<String, String>) {
    let mut text = String::from("name\tdeclaration (gcc -aux-info normal form)\n");
    for (name, decl) in sigs {
        writeln!(text, "{name}\t{decl}").unwrap();
    }
    fs::write(helper_file("signatures.tsv"), text).expect("write signatures.tsv");
}

// ---------------------------------------------------------------------------
// Toolchain
// ---------------------------------------------------------------------------

/// Keeps compiler runs one at a time: the machine's cores are shared.
static TOOLCHAIN: Mutex<()> = Mutex::new(());

/// A scratch directory under the system temp dir, removed on drop.
pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    pub fn new(tag: &str) -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("ruv-abi-{}-{}-{tag}", std::process::id(), n));
        fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch { dir }
    }

    pub fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.dir.join(name);
        fs::write(&path, contents).expect("write scratch file");
        path
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Runs a compiler; on failure panics with the command line and diagnostics.
pub fn compile(compiler: &str, args: &[&str], source: &Path, extra: &[&str]) {
    let include = include_dir();
    let mut cmd = Command::new(compiler);
    cmd.args(args)
        .arg("-I")
        .arg(&include)
        .arg(source)
        .args(extra);
    let output = {
        let _guard = TOOLCHAIN.lock().unwrap_or_else(|e| e.into_inner());
        cmd.output().unwrap_or_else(|e| {
            panic!("cannot run `{compiler}` (is a C toolchain installed?): {e}")
        })
    };
    assert!(
        output.status.success(),
        "compile failed: {cmd:?}\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Compiles `source` as a C program with `flags` and returns what it prints.
pub fn build_and_run(scratch: &Scratch, source: &Path, flags: &[&str]) -> String {
    let exe = scratch.path("probe");
    let exe_str = exe.to_str().expect("utf-8 temp path");
    compile("cc", flags, source, &["-o", exe_str]);
    let output = Command::new(&exe).output().expect("run probe program");
    assert!(output.status.success(), "probe program failed: {output:?}");
    String::from_utf8(output.stdout).expect("utf-8 program output")
}
