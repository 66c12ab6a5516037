// Hide the console window of a release build on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    // The same binary draws PDF pages in a sandboxed child process of its own.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|arg| arg == pdf::helper::SUBCOMMAND)
    {
        return pdf::helper::serve();
    }
    dossier_app::run();
    std::process::ExitCode::SUCCESS
}
