//! The one table a run prints: measure, ours, baseline, ratio, goal, PASS/FAIL.

use crate::Scale;

/// One line of the table.
#[derive(Debug, Clone)]
pub struct Row {
    pub measure: String,
    pub ours: String,
    pub baseline: String,
    pub ratio: Option<f64>,
    pub goal: String,
    /// `None` when the figure is reported without a goal.
    pub pass: Option<bool>,
}

fn verdict(pass: Option<bool>) -> &'static str {
    match pass {
        Some(true) => "PASS",
        Some(false) => "FAIL",
        None => "-",
    }
}

pub fn render(rows: &[Row], scale: &Scale, markdown: bool) -> String {
    let header = ["measure", "ours", "baseline", "ratio", "goal", "result"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.measure.clone(),
                r.ours.clone(),
                r.baseline.clone(),
                r.ratio
                    .map(|x| format!("{x:.2}"))
                    .unwrap_or_else(|| "-".into()),
                r.goal.clone(),
                verdict(r.pass).into(),
            ]
        })
        .collect();
    let mut out = format!(
        "vipcare-bench: {} customers, {} active requests, {} ledger rows, {:.0} s phases, {} connections, seed {}, {} cores\n",
        scale.customers,
        scale.requests,
        scale.ledger_rows,
        scale.window.as_secs_f64(),
        scale.concurrency,
        scale.seed,
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
    );
    if cfg!(debug_assertions) {
        out.push_str(
            "debug build: this proves the tool works; its figures are not representative (use --release)\n",
        );
    }
    if markdown {
        out.push_str(&format!(
            "\n| {} |\n|{}\n",
            header.join(" | "),
            "---|".repeat(6)
        ));
        for c in &cells {
            out.push_str(&format!("| {} |\n", c.join(" | ")));
        }
        return out;
    }
    let mut widths = header.map(|h| h.chars().count());
    for c in &cells {
        for (w, s) in widths.iter_mut().zip(c.iter()) {
            *w = (*w).max(s.chars().count());
        }
    }
    let line = |c: &[String]| {
        c.iter()
            .zip(widths.iter())
            .map(|(s, w)| format!("{s}{}", " ".repeat(w - s.chars().count())))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    out.push_str(&line(&header.map(String::from)));
    out.push('\n');
    out.push_str(
        &widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("  "),
    );
    out.push('\n');
    for c in &cells {
        out.push_str(&line(c));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missed_goal_reads_fail_and_a_goalless_figure_a_dash() {
        let rows = vec![
            Row {
                measure: "m".into(),
                ours: "1".into(),
                baseline: "2".into(),
                ratio: Some(0.5),
                goal: ">= 1".into(),
                pass: Some(false),
            },
            Row {
                measure: "n".into(),
                ours: "3".into(),
                baseline: "-".into(),
                ratio: None,
                goal: "-".into(),
                pass: None,
            },
        ];
        let scale = crate::Options {
            quick: true,
            seed: 1,
            customers: None,
            requests: None,
            ledger_rows: None,
            seconds: None,
            concurrency: 4,
            wasm: None,
            strict: false,
            markdown: false,
            check_wasm: false,
            soak: None,
            soak_rate: 1,
        }
        .scale();
        let text = render(&rows, &scale, false);
        assert!(text.contains("0.50") && text.contains("FAIL"), "{text}");
        let md = render(&rows, &scale, true);
        assert!(md.contains("| m | 1 | 2 | 0.50 | >= 1 | FAIL |"), "{md}");
        assert!(md.contains("| n | 3 | - | - | - | - |"), "{md}");
    }
}
