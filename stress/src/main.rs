//! `ruv-stress`: see the crate's README or `ruv-stress --help`.

fn main() {
    std::process::exit(ruv_stress::main_with(std::env::args_os()));
}
