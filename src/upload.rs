//! Uploaded materials (clause 2.2.1): PDF, JPEG or PNG, at most 10 MB, the type decided by the
//! file's content, never by its name or the browser's claim.

/// Largest accepted file.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// The MIME type of `bytes` when it is a PDF, JPEG or PNG file.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// A file name safe to show and to send in `Content-Disposition`: no path, no control or
/// quote characters, at most 120 characters.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\'' | ';'))
        .take(120)
        .collect();
    if cleaned.trim().is_empty() {
        "file".into()
    } else {
        cleaned.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_2_2_1_type_is_decided_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some("image/jpeg"));
        assert_eq!(
            sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some("image/png")
        );
        assert_eq!(sniff(b"MZ\x90\x00 an exe renamed to a.pdf"), None);
        assert_eq!(sniff(b"<html>"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn names_lose_paths_and_quotes() {
        assert_eq!(clean_name("C:\\Users\\me\\营业执照.pdf"), "营业执照.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\"b;c.pdf"), "abc.pdf");
        assert_eq!(clean_name("  "), "file");
    }
}

/// Bad input (issue: proof of safety): type detection and name cleaning take anything.
#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1_000))]

        /// Clause 2.2.1: a type is claimed only for the three known signatures, whatever
        /// follows them.
        #[test]
        fn clause_2_2_1_sniff_claims_a_type_only_for_a_known_signature(
            bytes in proptest::collection::vec(any::<u8>(), 0..64)
        ) {
            match sniff(&bytes) {
                Some("application/pdf") => prop_assert!(bytes.starts_with(b"%PDF-")),
                Some("image/jpeg") => prop_assert!(bytes.starts_with(&[0xFF, 0xD8, 0xFF])),
                Some("image/png") => prop_assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n")),
                Some(other) => prop_assert!(false, "unexpected type {}", other),
                None => {}
            }
            let mut pdf = b"%PDF-".to_vec();
            pdf.extend_from_slice(&bytes);
            prop_assert_eq!(sniff(&pdf), Some("application/pdf"));
        }

        /// A cleaned name has no path, no control or quote characters, is never empty and
        /// never longer than 120 characters.
        #[test]
        fn any_file_name_is_cleaned_into_a_safe_one(name in "\\PC{0,300}|.{0,300}") {
            let c = clean_name(&name);
            prop_assert!(!c.is_empty());
            prop_assert!(c.chars().count() <= 120);
            prop_assert!(!c.contains(['/', '\\', '"', '\'', ';']));
            prop_assert!(!c.chars().any(char::is_control));
        }
    }
}
