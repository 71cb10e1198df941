//! Gives the shared library libuv's soname and lays out, next to the built
//! libraries in target/<profile>/, what a C user of libuv expects to find:
//! a `libuv.so.1` name for programs linked against Debian's libuv1, and a
//! `libuv.pc` for pkg-config.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libuv.so.1");
    println!("cargo:rerun-if-changed=build.rs");
    lay_out_loop_core();
    println!("cargo:rerun-if-env-changed=CC");
    link_unwinder_statically();

    let Some(profile_dir) = profile_dir() else {
        return;
    };
    let include_dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(|root| root.join("include"))
        .unwrap_or_default();

    let soname = profile_dir.join("libuv.so.1");
    if std::fs::symlink_metadata(&soname).is_err() {
        // Dangling until the link step writes libuv.so; that is fine.
        let _ = std::os::unix::fs::symlink("libuv.so", &soname);
    }

    let pc = format!(
        "prefix={root}\nlibdir={lib}\nincludedir={inc}\n\n\
         Name: libuv\nDescription: ruv, a drop-in libuv written in Rust\n\
         Version: 1.44.2\nLibs: -L${{libdir}} -luv\nLibs.private: -lpthread -ldl -lm\n\
         Cflags: -I${{includedir}}\n",
        root = profile_dir.display(),
        lib = profile_dir.display(),
        inc = include_dir.display(),
    );
    let _ = std::fs::write(profile_dir.join("libuv.pc"), pc);
}

/// Hands the linker `loop-core.ld`, which puts the code programs run
/// together at the start of the library's code, so that fewer of its pages
/// become resident (the script says why).
fn lay_out_loop_core() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("loop-core.ld");
    println!("cargo:rerun-if-changed={}", script.display());
    println!("cargo:rustc-cdylib-link-arg=-Wl,-T,{}", script.display());
}

/// Links GCC's unwinder into the library instead of loading
/// `libgcc_s.so.1`: one shared library fewer for every C program that uses
/// ruv (about 100 KiB of its pages resident), and the unwinder, which only
/// the panic boundary needs, stays private to ruv (the version script
/// exports nothing but `uv_*`). Rust's std asks for `libgcc_s` by name; a
/// static `libgcc_eh` listed before it provides the same symbols, and the
/// linker's `--as-needed` then leaves `libgcc_s` out. Where the C compiler
/// has no `libgcc_eh.a`, nothing changes.
fn link_unwinder_statically() {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let Ok(out) = std::process::Command::new(cc)
        .arg("-print-file-name=libgcc_eh.a")
        .output()
    else {
        return;
    };
    // An unknown file comes back as its bare name.
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    if !out.status.success() || !path.is_absolute() || !path.is_file() {
        return;
    }
    if let Some(dir) = path.parent() {
        println!("cargo:rustc-link-search=native={}", dir.display());
        // Not bundled into libuv.a: a C program linking that gets the
        // unwinder from its own compiler driver.
        println!("cargo:rustc-link-lib=static:-bundle=gcc_eh");
    }
}

/// target/<profile>/, found from OUT_DIR (target/<profile>/build/<pkg>/out).
fn profile_dir() -> Option<PathBuf> {
    let out = PathBuf::from(std::env::var_os("OUT_DIR")?);
    Some(out.ancestors().nth(3)?.to_path_buf())
}
