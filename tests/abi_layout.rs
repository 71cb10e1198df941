//! ABI check of `include/uv.h` against the measured libuv 1.44 tables in
//! `<repo>/../shared/abi/` (layout.tsv, constants.tsv, symbols.tsv).
//!
//! Each test generates a small C program or translation unit, compiles it
//! with the system C compiler against `include/`, and compares what it
//! reports with the tables. Set `RUV_ABI_INCLUDE_DIR=/usr/include` to run
//! the same checks against the real libuv header (validates the generator),
//! and additionally `RUV_ABI_WRITE_SIGNATURES=1` to regenerate
//! `tests/abi/signatures.tsv` from it.

mod abi;

use abi::{LayoutRow, Scratch};

/// Compiles the layout/constant probe with `flags`, runs it and asserts that
/// every row and every constant matches. `noatime` is the value that
/// UV_FS_O_NOATIME must have in this mode.
fn check_layout_and_constants(tag: &str, flags: &[&str], noatime: i64) {
    let rows = abi::layout_rows();
    let mut constants = abi::constants();
    for (name, value) in constants.iter_mut() {
        if name == "UV_FS_O_NOATIME" {
            *value = noatime;
        }
    }
    assert!(rows.len() > 400, "layout.tsv looks truncated");
    assert!(constants.len() > 240, "constants.tsv looks truncated");

    let scratch = Scratch::new(tag);
    let source = scratch.write("layout.c", &abi::layout_program(&rows, &constants));
    let stdout = abi::build_and_run(&scratch, &source, flags);
    let measured = abi::parse_measured(&stdout);

    let mut problems = abi::layout_mismatches(&rows, &measured);
    problems.extend(abi::constant_mismatches(&constants, &measured));
    if measured.suffix.as_deref() != Some("[]") {
        problems.push(format!(
            "UV_VERSION_SUFFIX should be \"\", program printed {:?}",
            measured.suffix
        ));
    }
    assert!(
        problems.is_empty(),
        "{} ABI mismatch(es) compiling with {flags:?}:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn layout_and_constants_match_with_gnu_source() {
    check_layout_and_constants("gnu", &["-std=gnu11", "-D_GNU_SOURCE"], 262144);
}

#[test]
fn layout_and_constants_match_without_gnu_source() {
    // Without _GNU_SOURCE glibc hides O_NOATIME, and so does libuv's header.
    check_layout_and_constants("nognu", &["-std=gnu11"], 0);
}

#[test]
fn layout_and_constants_match_in_strict_iso_c() {
    // Strict ISO C hides pthread_rwlock_t and pthread_barrier_t; our header
    // keeps the same sizes there (libuv's own header does not compile).
    check_layout_and_constants("strict", &["-std=c11"], 0);
}

#[test]
fn layout_table_covers_every_handle_and_request() {
    let rows = abi::layout_rows();
    let whole: Vec<&LayoutRow> = rows.iter().filter(|r| r.is_whole_type()).collect();
    assert_eq!(whole.len(), 82, "layout.tsv should describe 82 types");
    for ty in [
        "uv_loop_t",
        "uv_handle_t",
        "uv_req_t",
        "uv_tty_t",
        "uv_fs_t",
    ] {
        assert!(
            whole.iter().any(|r| r.ty == ty),
            "{ty} missing from layout.tsv"
        );
    }
}

#[test]
fn every_exported_function_is_declared() {
    let functions = abi::exported_functions();
    assert_eq!(
        functions.len(),
        293,
        "symbols.tsv should list 293 functions"
    );
    let scratch = Scratch::new("symbols");
    let source = scratch.write("addresses.c", &abi::address_program(&functions));
    let object = scratch.path("addresses.o");
    let flags = [
        "-std=c99",
        "-D_GNU_SOURCE",
        "-Wall",
        "-Wextra",
        "-Werror",
        "-c",
    ];
    abi::compile("cc", &flags, &source, &["-o", object.to_str().unwrap()]);
}

#[test]
fn function_and_callback_signatures_match_libuv() {
    let scratch = Scratch::new("signatures");
    let source = scratch.write("probe.c", &abi::signature_probe_program());
    let aux = scratch.path("probe.aux");
    let object = scratch.path("probe.o");
    let flags = ["-std=gnu11", "-D_GNU_SOURCE", "-c"];
    let extra = [
        "-aux-info",
        aux.to_str().unwrap(),
        "-o",
        object.to_str().unwrap(),
    ];
    abi::compile("cc", &flags, &source, &extra);
    let text = std::fs::read_to_string(&aux).expect("gcc -aux-info output (needs gcc)");
    let actual = abi::parse_aux_info(&text);

    if std::env::var_os("RUV_ABI_WRITE_SIGNATURES").is_some() {
        abi::write_signatures(&actual);
        return;
    }

    let expected = abi::expected_signatures();
    let exported = abi::exported_functions();
    let mut problems = Vec::new();
    for name in &exported {
        if !expected.contains_key(name) {
            problems.push(format!("{name}: exported but absent from signatures.tsv"));
        }
    }
    for typedef in abi::CALLBACK_TYPEDEFS {
        if !expected.contains_key(*typedef) {
            problems.push(format!("{typedef}: absent from signatures.tsv"));
        }
    }
    for (name, want) in &expected {
        match actual.get(name) {
            None => problems.push(format!("{name}: not declared")),
            Some(got) if got != want => problems.push(format!(
                "{name}:\n      ours:   {got}\n      libuv:  {want}"
            )),
            Some(_) => {}
        }
    }
    for name in actual.keys() {
        if !expected.contains_key(name) {
            problems.push(format!(
                "{name}: declared but not part of the libuv 1.44 API"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} signature problem(s):\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// Compiles a file that only includes uv.h, with `compiler` and `flags`.
fn check_header_compiles(tag: &str, compiler: &str, flags: &[&str]) {
    let scratch = Scratch::new(tag);
    let source = scratch.write("header_only.c", "#include <uv.h>\nint ruv_dummy;\n");
    let object = scratch.path("header_only.o");
    abi::compile(
        compiler,
        flags,
        &source,
        &["-c", "-o", object.to_str().unwrap()],
    );
}

#[test]
fn header_is_clean_c99_pedantic() {
    let strict = ["-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror"];
    check_header_compiles("c99", "cc", &strict);
    let mut gnu = strict.to_vec();
    gnu.push("-D_GNU_SOURCE");
    check_header_compiles("c99gnu", "cc", &gnu);
    check_header_compiles(
        "gnu11",
        "cc",
        &["-std=gnu11", "-Wall", "-Wextra", "-Werror"],
    );
}

#[test]
fn header_is_clean_cxx() {
    check_header_compiles("cxx", "g++", &["-x", "c++", "-Wall", "-Werror"]);
    let pedantic = [
        "-x",
        "c++",
        "-std=c++98",
        "-Wall",
        "-Wextra",
        "-pedantic",
        "-Werror",
    ];
    check_header_compiles("cxx98", "g++", &pedantic);
}

/// Compiles tests/abi/usage.c, a client-style unit, with `compiler`/`flags`.
fn check_usage_compiles(tag: &str, compiler: &str, flags: &[&str]) {
    let scratch = Scratch::new(tag);
    let object = scratch.path("usage.o");
    let source = abi::helper_file("usage.c");
    abi::compile(
        compiler,
        flags,
        &source,
        &["-c", "-o", object.to_str().unwrap()],
    );
}

#[test]
fn client_code_compiles_as_c() {
    let c99 = [
        "-std=c99",
        "-D_GNU_SOURCE",
        "-Wall",
        "-Wextra",
        "-pedantic",
        "-Werror",
    ];
    check_usage_compiles("usage-c99", "cc", &c99);
    check_usage_compiles(
        "usage-gnu11",
        "cc",
        &["-std=gnu11", "-Wall", "-Wextra", "-Werror"],
    );
}

#[test]
fn client_code_compiles_as_cxx() {
    let cxx = ["-x", "c++", "-Wall", "-Wextra", "-Werror"];
    check_usage_compiles("usage-cxx", "g++", &cxx);
    let cxx98 = [
        "-x",
        "c++",
        "-std=c++98",
        "-Wall",
        "-Wextra",
        "-pedantic",
        "-Werror",
    ];
    check_usage_compiles("usage-cxx98", "g++", &cxx98);
}
