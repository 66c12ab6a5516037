//! `dossier bench casework` runs as a program on a small demo store and prints each of its
//! figures next to its raw reference (the figures themselves are read, not asserted: budgets
//! live in benchmarks, not in timed tests).

use std::process::Command;

#[test]
fn the_casework_benchmark_prints_each_step_next_to_its_reference() {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["bench", "casework", "--cases", "150", "--runs", "6"])
        .output()
        .expect("the dossier binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for step in [
        "open a file's casework",
        "decision queue (",
        "record a step (a payment",
    ] {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(step))
            .unwrap_or_else(|| panic!("no line for {step:?}:\n{stdout}"));
        // ours, p95, raw, and the ratio.
        let numbers: Vec<f64> = line
            .split_whitespace()
            .rev()
            .take(4)
            .map(|w| w.trim_end_matches('x').parse().expect("a figure"))
            .collect();
        assert!(numbers.iter().all(|n| *n > 0.0), "{line}");
    }
    // The decision queue measured proposals, not an empty list.
    assert!(!stdout.contains("decision queue (0 proposals)"), "{stdout}");
    assert!(stdout.contains("goal:"), "{stdout}");
}
