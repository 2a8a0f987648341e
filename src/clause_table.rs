//! The clause table's own test (issue "contract fidelity"): `docs/CLAUSES.md` must trace every
//! clause id of the agreement (`docs/agreement.md`) to code and tests. The build fails when
//!
//! - a clause id of the agreement has no row,
//! - a row names a test that does not exist (`clause_…` names; `*` or `…` match any run of
//!   characters), or
//! - a test named after a clause (`fn clause_<digit>…`) is not in the table.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `8.1–8.3` → 8.1, 8.2, 8.3; `3.2.1` → itself; anything else → nothing.
fn expand(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in cell.split([',', ' ', '\u{3001}']).map(str::trim) {
        if let Some((a, b)) = part.split_once(['–', '-']) {
            let (Some((pa, la)), Some((pb, lb))) = (a.rsplit_once('.'), b.rsplit_once('.')) else {
                continue;
            };
            if let (true, Ok(la), Ok(lb)) = (pa == pb, la.parse::<u32>(), lb.parse::<u32>()) {
                out.extend((la..=lb).map(|n| format!("{pa}.{n}")));
            }
        } else if !part.is_empty() && part.chars().all(|c| c.is_ascii_digit() || c == '.') {
            out.push(part.trim_end_matches('.').to_string());
        }
    }
    out
}

/// The clause ids in the first column of a markdown table.
fn first_column_ids(markdown: &str) -> BTreeSet<String> {
    markdown
        .lines()
        .filter_map(|l| l.strip_prefix('|'))
        .filter_map(|l| l.split('|').next())
        .flat_map(expand)
        .collect()
}

/// Backticked test references in the table: `clause_<digit>…`.
fn references(markdown: &str) -> BTreeSet<String> {
    markdown
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.strip_prefix("clause_")
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        })
        .map(str::to_string)
        .collect()
}

/// Glob match where `*` and `…` stand for any run of characters.
fn matches(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split(['*', '…']).collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !name.starts_with(first) || !name[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for p in &parts[1..parts.len() - 1] {
        match rest.find(p) {
            Some(i) => rest = &rest[i + p.len()..],
            None => return false,
        }
    }
    true
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every `fn clause_<digit>…` in the workspace's Rust sources.
fn clause_tests() -> BTreeSet<String> {
    let mut files = Vec::new();
    for d in [
        "src",
        "app/src",
        "server/src",
        "server/tests",
        "frontend/src",
    ] {
        rust_files(&root().join(d), &mut files);
    }
    let mut names = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for (i, _) in text.match_indices("fn clause_") {
            let name: String = text[i + 3..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name["clause_".len()..].starts_with(|c: char| c.is_ascii_digit()) {
                names.insert(name);
            }
        }
    }
    names
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every clause id of the agreement (`docs/agreement.md`), ranges expanded.
pub(crate) fn agreement_clause_ids() -> BTreeSet<String> {
    first_column_ids(&read("docs/agreement.md"))
}

#[test]
fn every_clause_of_the_agreement_has_a_row() {
    let agreement = agreement_clause_ids();
    assert!(agreement.len() > 40, "the agreement table was not read");
    let table = first_column_ids(&read("docs/CLAUSES.md"));
    let missing: Vec<_> = agreement.difference(&table).collect();
    assert!(
        missing.is_empty(),
        "clauses without a row in docs/CLAUSES.md: {missing:?}"
    );
}

#[test]
fn every_test_the_table_names_exists() {
    let tests = clause_tests();
    let dangling: Vec<_> = references(&read("docs/CLAUSES.md"))
        .into_iter()
        .filter(|r| !tests.iter().any(|t| matches(r, t)))
        .collect();
    assert!(
        dangling.is_empty(),
        "docs/CLAUSES.md names tests that do not exist: {dangling:?}"
    );
}

#[test]
fn every_test_named_after_a_clause_is_in_the_table() {
    let refs = references(&read("docs/CLAUSES.md"));
    let missing: Vec<_> = clause_tests()
        .into_iter()
        .filter(|t| !refs.iter().any(|r| matches(r, t)))
        .collect();
    assert!(
        missing.is_empty(),
        "clause tests missing from docs/CLAUSES.md: {missing:?}"
    );
}

#[test]
fn the_table_reader_expands_ranges_and_globs() {
    assert_eq!(expand("8.1–8.3"), ["8.1", "8.2", "8.3"]);
    assert_eq!(expand("2.2.3, 12.1, 13.2"), ["2.2.3", "12.1", "13.2"]);
    assert_eq!(
        expand("3.2.1–3.2.3, 4.1"),
        ["3.2.1", "3.2.2", "3.2.3", "4.1"]
    );
    assert!(expand("all").is_empty());
    assert!(matches("clause_7_2_*", "clause_7_2_x"));
    assert!(matches("clause_6_2_csv_…", "clause_6_2_csv_has_bom"));
    assert!(matches(
        "clause_11_dispute_…_backwards",
        "clause_11_dispute_steps_go_backwards"
    ));
    assert!(!matches("clause_7_2_x", "clause_7_2_xy"));
    assert!(!matches("clause_7_3_*", "clause_7_2_x"));
}
