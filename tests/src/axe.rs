//! WCAG 2.1 A and AA, measured in the real window: [`App::check_accessibility`] injects
//! axe-core (the npm package in `ui/node_modules`, read from disk: never from a network)
//! into the app's page through WebDriver, runs it on the whole document, writes the
//! report to `target/e2e-axe/<scenario>-<state>.json`, and fails naming each violated
//! rule and element. Every screenshot a scenario takes is checked this way, so each main
//! state of each scenario is measured.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::{App, repo_root, target_dir};

/// The WCAG levels checked: 2.0 and 2.1, A and AA (SGQRI 008 builds on WCAG 2.x AA).
const TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// Violations allowed, each with why: `(rule id, CSS selector axe names, why)`. Keep it
/// empty unless a rule is wrong about a real element; never to hide a real problem.
const EXCEPTIONS: &[(&str, &str, &str)] = &[];

fn axe_source() -> Result<String> {
    let path = repo_root().join("ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).with_context(|| {
        format!(
            "axe-core is missing at {}: run `npm ci` in ui/ (the test command does)",
            path.display()
        )
    })
}

/// One violated rule and the elements that break it.
#[derive(Debug, Clone)]
pub struct Violation {
    pub rule: String,
    pub help: String,
    pub targets: Vec<String>,
}

impl App {
    /// Runs axe-core on the page as it is now and fails on any WCAG 2.1 A/AA violation,
    /// naming the rule and the elements. `state` names the report.
    pub async fn check_accessibility(&self, state: &str) -> Result<()> {
        let violations = self.axe(state).await?;
        if violations.is_empty() {
            return Ok(());
        }
        let lines: Vec<String> = violations
            .iter()
            .map(|v| format!("- {} ({}): {}", v.rule, v.help, v.targets.join(" | ")))
            .collect();
        bail!(
            "{}-{state}: {} WCAG 2.1 A/AA violation(s) (report in {}):\n{}",
            self.scenario,
            violations.len(),
            self.axe_report_path(state).display(),
            lines.join("\n")
        )
    }

    fn axe_report_path(&self, state: &str) -> PathBuf {
        target_dir()
            .join("e2e-axe")
            .join(format!("{}-{state}.json", self.scenario))
    }

    /// The violations on the page now, exceptions left out; the whole report is written.
    pub async fn axe(&self, state: &str) -> Result<Vec<Violation>> {
        let loaded = self
            .client
            .execute("return typeof window.axe === 'object';", vec![])
            .await?;
        if loaded != Value::Bool(true) {
            let source = axe_source()?;
            self.client
                .execute(&format!("{source}\n;return typeof window.axe;"), vec![])
                .await
                .context("injecting axe-core")?;
        }
        let tags = serde_json::to_string(&TAGS)?;
        let script = format!(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {{ runOnly: {{ type: 'tag', values: {tags} }}, resultTypes: ['violations', 'incomplete'] }})
               .then(r => done(JSON.stringify({{
                 url: r.url,
                 passes: r.passes.map(p => p.id),
                 incomplete: r.incomplete.map(v => ({{
                   id: v.id,
                   nodes: v.nodes.map(n => ({{ target: n.target, summary: n.failureSummary }}))
                 }})),
                 violations: r.violations.map(v => ({{
                   id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                   nodes: v.nodes.map(n => ({{ target: n.target, html: n.html, summary: n.failureSummary }}))
                 }}))
               }})))
               .catch(e => done(JSON.stringify({{ error: String(e) }})));"
        );
        let out = self.client.execute_async(&script, vec![]).await?;
        let report: Value = serde_json::from_str(out.as_str().context("axe's answer")?)?;
        if let Some(e) = report.get("error") {
            bail!("axe-core failed: {e}");
        }
        let path = self.axe_report_path(state);
        std::fs::create_dir_all(path.parent().expect("a folder"))?;
        std::fs::write(&path, serde_json::to_string_pretty(&report)?)?;
        let mut violations = Vec::new();
        for v in report["violations"].as_array().into_iter().flatten() {
            let rule = v["id"].as_str().unwrap_or_default().to_owned();
            let targets: Vec<String> = v["nodes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|n| n["target"].to_string())
                .filter(|t| {
                    !EXCEPTIONS
                        .iter()
                        .any(|(r, sel, _)| *r == rule && t.contains(sel))
                })
                .collect();
            if !targets.is_empty() {
                violations.push(Violation {
                    rule,
                    help: v["help"].as_str().unwrap_or_default().to_owned(),
                    targets,
                });
            }
        }
        Ok(violations)
    }
}
