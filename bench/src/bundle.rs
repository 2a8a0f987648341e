//! The client bundle as a browser gets it: the main WebAssembly module, and for each group of
//! pages (see `vipcare_app::routes`) the split modules it loads, named by the manifest that
//! `cargo leptos build --split` writes beside them.

use crate::fixture::BenchResult;
use crate::measures::{brotli_weight, hashed_name, list_hash};
use crate::table::Row;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The goal for what the portal home downloads (brotli, KB).
pub const PORTAL_GOAL_KB: f64 = 250.0;
/// Ceilings the test command enforces (brotli, KB) while the goal is not reached: lower them
/// whenever the bundle shrinks, never raise them without a reason in docs/PERFORMANCE.md.
pub const MAIN_CEILING_KB: f64 = 300.0;
pub const PAGE_CEILING_KB: f64 = 815.0;
/// The group the portal home belongs to.
pub const PORTAL_GROUP: &str = "customer_pages";

/// Split module names per group: `{"customer_pages": ["customer_pages", "chunk_3", …]}`.
pub type Manifest = BTreeMap<String, Vec<String>>;

/// Where the built client is.
#[derive(Debug, Clone)]
pub struct ClientBundle {
    pub pkg: PathBuf,
    pub main: PathBuf,
    /// `None` when the build was not split.
    pub manifest: Option<PathBuf>,
}

/// Brotli weight of one file, in KB.
#[derive(Debug, Clone, PartialEq)]
pub struct Weight {
    pub raw_kb: f64,
    pub brotli_kb: f64,
}

/// What each kind of page downloads.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub main: Weight,
    /// Per group: main module + the group's modules (brotli KB), and how many files that is.
    pub pages: BTreeMap<String, (f64, usize)>,
    /// Split modules in the build.
    pub chunks: usize,
}

impl ClientBundle {
    /// The release build's bundle, named by cargo-leptos' hash list (`wasm:` and `manifest:`
    /// lines); unhashed names when there is no list.
    pub fn locate(pkg: &Path, hash_txt: &Path) -> ClientBundle {
        let list = std::fs::read_to_string(hash_txt).unwrap_or_default();
        let main = hashed_name(&list, "vipcare", "wasm")
            .map(|name| pkg.join(name))
            .filter(|path| path.is_file())
            .unwrap_or_else(|| pkg.join("vipcare.wasm"));
        // the manifest's line is `manifest: <hash>`, its file `__wasm_split_manifest.<hash>.json`
        let manifest = list_hash(&list, "manifest")
            .map(|hash| format!("__wasm_split_manifest.{hash}.json"))
            .into_iter()
            .chain(["__wasm_split_manifest.json".to_string()])
            .map(|name| pkg.join(name))
            .find(|path| path.is_file());
        ClientBundle {
            pkg: pkg.to_path_buf(),
            main,
            manifest,
        }
    }

    /// A bundle given by its main module (`--wasm`): the manifest is looked for beside it.
    pub fn from_main(main: PathBuf) -> ClientBundle {
        let pkg = main.parent().map(Path::to_path_buf).unwrap_or_default();
        let manifest = std::fs::read_dir(&pkg)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("__wasm_split_manifest") && n.ends_with(".json"))
            });
        ClientBundle {
            pkg,
            main,
            manifest,
        }
    }

    /// Weighs the main module and every group's modules.
    pub fn weigh(&self) -> BenchResult<Weights> {
        let main = weigh_file(&self.main)?;
        let manifest: Manifest = match &self.manifest {
            Some(path) => serde_json::from_str(
                &std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
            )
            .map_err(|e| format!("{} is not a split manifest: {e}", path.display()))?,
            None => Manifest::new(),
        };
        let mut cache = BTreeMap::new();
        let mut chunk_kb = |module: &str| -> BenchResult<f64> {
            if let Some(kb) = cache.get(module) {
                return Ok(*kb);
            }
            let kb = weigh_file(&self.pkg.join(format!("{module}.wasm")))?.brotli_kb;
            cache.insert(module.to_string(), kb);
            Ok(kb)
        };
        let mut pages = BTreeMap::new();
        for (group, modules) in &manifest {
            let mut kb = main.brotli_kb;
            for module in modules {
                kb += chunk_kb(module)?;
            }
            pages.insert(group.clone(), (kb, 1 + modules.len()));
        }
        let chunks = manifest
            .values()
            .flatten()
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        Ok(Weights {
            main,
            pages,
            chunks,
        })
    }
}

fn weigh_file(path: &Path) -> BenchResult<Weight> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(Weight {
        raw_kb: bytes.len() as f64 / 1024.0,
        brotli_kb: brotli_weight(path, &bytes)? as f64 / 1024.0,
    })
}

/// The test command's guard: the build is split, the main module and every group's page stay
/// under their ceilings.
pub fn check(w: &Weights) -> Result<String, String> {
    let pages = w
        .pages
        .iter()
        .map(|(g, (kb, files))| format!("{g} {kb:.0} KB in {files} files"))
        .collect::<Vec<_>>()
        .join(", ");
    let text = format!(
        "client wasm: main module {:.0} KB raw, {:.0} KB brotli (ceiling {MAIN_CEILING_KB:.0}); \
         pages: {pages} (ceiling {PAGE_CEILING_KB:.0}); {} split modules; goal {PORTAL_GOAL_KB:.0} KB",
        w.main.raw_kb, w.main.brotli_kb, w.chunks
    );
    if w.pages.is_empty() {
        return Err(format!(
            "{text}: the build is not split (cargo leptos build --split)"
        ));
    }
    if w.main.brotli_kb > MAIN_CEILING_KB {
        return Err(format!("{text}: the main module is above its ceiling"));
    }
    if let Some((g, (kb, _))) = w.pages.iter().find(|(_, (kb, _))| *kb > PAGE_CEILING_KB) {
        return Err(format!("{text}: {g} weighs {kb:.0} KB, above the ceiling"));
    }
    Ok(text)
}

/// The benchmark table's row: what the portal home downloads, against the main module alone.
pub fn portal_row(w: &Weights) -> Row {
    let goal = format!("<= {PORTAL_GOAL_KB:.0} KB");
    match w.pages.get(PORTAL_GROUP) {
        Some((kb, files)) => Row {
            measure: format!("portal wasm, brotli ({files} files; main module as baseline)"),
            ours: format!("{kb:.0} KB"),
            baseline: format!("{:.0} KB", w.main.brotli_kb),
            ratio: Some(kb / w.main.brotli_kb.max(f64::MIN_POSITIVE)),
            goal,
            pass: Some(*kb <= PORTAL_GOAL_KB),
        },
        None => Row {
            measure: "portal wasm, brotli (build not split)".into(),
            ours: format!("{:.0} KB", w.main.brotli_kb),
            baseline: format!("{:.0} KB raw", w.main.raw_kb),
            ratio: None,
            goal,
            pass: Some(w.main.brotli_kb <= PORTAL_GOAL_KB),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights(main: f64, pages: &[(&str, f64)]) -> Weights {
        Weights {
            main: Weight {
                raw_kb: main * 3.0,
                brotli_kb: main,
            },
            pages: pages
                .iter()
                .map(|(g, kb)| (g.to_string(), (*kb, 3)))
                .collect(),
            chunks: pages.len(),
        }
    }

    #[test]
    fn a_split_bundle_under_its_ceilings_passes() {
        let w = weights(250.0, &[("customer_pages", 690.0), ("staff_pages", 800.0)]);
        assert!(check(&w).is_ok());
    }

    #[test]
    fn an_unsplit_or_heavy_bundle_fails_the_guard() {
        assert!(check(&weights(250.0, &[]))
            .unwrap_err()
            .contains("not split"));
        assert!(
            check(&weights(MAIN_CEILING_KB + 1.0, &[("public_pages", 400.0)]))
                .unwrap_err()
                .contains("main module")
        );
        assert!(
            check(&weights(250.0, &[("staff_pages", PAGE_CEILING_KB + 1.0)]))
                .unwrap_err()
                .contains("staff_pages")
        );
    }

    #[test]
    fn the_portal_row_weighs_the_customer_group_against_the_goal() {
        let row = portal_row(&weights(200.0, &[("customer_pages", 240.0)]));
        assert_eq!(row.pass, Some(true));
        assert_eq!(row.ours, "240 KB");
        let row = portal_row(&weights(200.0, &[("customer_pages", 690.0)]));
        assert_eq!(row.pass, Some(false));
    }

    #[test]
    fn a_group_weighs_the_main_module_and_each_of_its_modules() {
        let dir = std::env::temp_dir().join(format!("vipcare-bundle-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let noise = |n: usize, seed: u64| -> Vec<u8> {
            let mut x = seed;
            (0..n)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (x >> 33) as u8
                })
                .collect()
        };
        std::fs::write(dir.join("vipcare.wasm"), noise(40_000, 1)).unwrap();
        std::fs::write(dir.join("portal.wasm"), noise(20_000, 2)).unwrap();
        std::fs::write(dir.join("shared.wasm"), noise(10_000, 3)).unwrap();
        std::fs::write(
            dir.join("__wasm_split_manifest.json"),
            r#"{"customer_pages":["portal","shared"],"public_pages":["shared"]}"#,
        )
        .unwrap();
        let bundle = ClientBundle::from_main(dir.join("vipcare.wasm"));
        let w = bundle.weigh().unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(w.chunks, 2);
        let (portal, files) = w.pages["customer_pages"];
        let (public, _) = w.pages["public_pages"];
        assert_eq!(files, 3);
        // random bytes do not compress: the weights follow the sizes
        assert!(portal > public && public > w.main.brotli_kb, "{w:?}");
        assert!((portal - w.main.brotli_kb - 29.3).abs() < 1.0, "{w:?}");
    }
}
