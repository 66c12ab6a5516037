//! The render helper on its own, for the `pdf` crate's tests and benchmarks (the app,
//! the server and the CLI run themselves with the `pdf-helper` subcommand instead).

fn main() -> std::process::ExitCode {
    pdf::helper::serve()
}
