//! French text helpers shared by the resolver, the glossary and the search index:
//! folding (case and accents), heading slugs, collation, and "did you mean" suggestions.

use std::cmp::Ordering;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lowercase, accents removed, ligatures spelled out, runs of whitespace made one space:
/// `Communauté  de Pratique` → `communaute de pratique`, `Œuvre` → `oeuvre`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        push_char_folded(&mut out, c);
    }
    out
}

/// Appends the folded form of `c`: the letters of French directly, others decomposed.
fn push_char_folded(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let base = match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' | 'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'î' | 'ï' | 'í' | 'ì' | 'Î' | 'Ï' | 'Í' | 'Ì' => 'i',
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => 'o',
        'û' | 'ü' | 'ú' | 'ù' | 'Û' | 'Ü' | 'Ú' | 'Ù' => 'u',
        'ÿ' | 'Ÿ' | 'ý' | 'Ý' => 'y',
        'ñ' | 'Ñ' => 'n',
        _ => {
            let mut buf = [0u8; 4];
            for d in c.encode_utf8(&mut buf).nfd() {
                if !is_combining_mark(d) {
                    push_folded(out, d);
                }
            }
            return;
        }
    };
    out.push(base);
}

fn push_folded(out: &mut String, c: char) {
    match c {
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        '’' | 'ʼ' | '‘' => out.push('\''),
        _ => out.extend(c.to_lowercase()),
    }
}

/// Folds `s` character by character, keeping for each byte of the result the byte offset
/// in `s` of the character it came from (plus a final entry for the end), so that a match
/// found in the folded text can be mapped back to the original. Whitespace is kept as is.
pub fn fold_with_offsets(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    for (i, c) in s.char_indices() {
        let before = out.len();
        push_char_folded(&mut out, c);
        map.extend(std::iter::repeat_n(i, out.len() - before));
    }
    map.push(s.len());
    (out, map)
}

/// A readable, stable anchor for a heading, in the manner of French URLs:
/// `Qu'est-ce qu'un coordinateur ?` → `quest-ce-quun-coordinateur`.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in fold(s).chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else if c != '\'' {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Orders strings as a French reader expects: letters first without accents or case
/// (É with E, Œ with OE), then accents, then case, so `cote < côte < Côte`.
pub fn collate(a: &str, b: &str) -> Ordering {
    let (fa, fb) = (collation_key(a), collation_key(b));
    fa.cmp(&fb)
        .then_with(|| a.to_lowercase().cmp(&b.to_lowercase()))
        .then_with(|| b.cmp(a))
}

/// The primary key of [`collate`]: folded, with punctuation ignored.
pub fn collation_key(s: &str) -> String {
    fold(s)
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect()
}

/// The letter a term is filed under in the glossary: `Écoute` under `E`, `2e` under `#`.
pub fn initial(s: &str) -> String {
    match collation_key(s).chars().next() {
        Some(c) if c.is_alphabetic() => c.to_uppercase().collect(),
        _ => "#".to_owned(),
    }
}

/// Levenshtein distance in characters.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(cur)
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// The candidates nearest to `wanted` (folded comparison), best first, at most `max`.
/// A candidate is kept when it is a few edits away or contains / is contained in `wanted`.
pub fn suggest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<&'a str> {
    let wanted = fold(wanted);
    if wanted.is_empty() {
        return Vec::new();
    }
    let length = wanted.chars().count();
    // A name that keeps nothing of what was typed is no suggestion (`x` is not `5`).
    let limit = (length / 3).clamp(2, 4).min(length - 1);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let folded = fold(c);
            let d = distance(&wanted, &folded);
            let contains = wanted.len() >= 4
                && folded.len() >= 4
                && (folded.contains(&wanted) || wanted.contains(&folded));
            (d <= limit || contains).then_some((d, c))
        })
        .collect();
    // Stable: among equals, the candidates given first (stems) win.
    scored.sort_by_key(|s| s.0);
    let mut out: Vec<&str> = Vec::new();
    for (_, c) in scored {
        if !out.iter().any(|o| fold(o) == fold(c)) {
            out.push(c);
        }
        if out.len() == max {
            break;
        }
    }
    out
}

/// `s` with every byte for which `keep` is false written `%XX`: the one percent-encoder
/// (URL path segments, `file://` URLs, `Location` headers each keep their own bytes).
pub fn percent_encode(s: &str, keep: impl Fn(u8) -> bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// The bytes a URL never needs to escape (RFC 3986 "unreserved").
pub fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~".contains(&b)
}

/// Decodes `%XX` escapes; `None` when an escape is malformed or the bytes are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    String::from_utf8(decode_escapes(s, true)?).ok()
}

/// Decodes the well-formed `%XX` escapes and keeps the rest as written.
pub fn percent_decode_lossy(s: &str) -> String {
    let bytes = decode_escapes(s, false).unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn decode_escapes(s: &str, strict: bool) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // Bytes, not a `&str` slice: the two after `%` may be half of a character.
            let hex = bytes.get(i + 1..i + 3).and_then(|h| {
                let digit = |b: u8| (b as char).to_digit(16);
                Some(digit(h[0])? * 16 + digit(h[1])?)
            });
            match hex {
                Some(b) => {
                    out.push(b as u8);
                    i += 3;
                    continue;
                }
                None if strict => return None,
                None => {}
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(out)
}

/// `bytes` as text: simdutf8 checks accented text many times faster than std, which then
/// only explains a failure.
pub fn into_string(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    match simdutf8::basic::from_utf8(&bytes) {
        // SAFETY: `bytes` has just been checked to be UTF-8.
        Ok(_) => Ok(unsafe { String::from_utf8_unchecked(bytes) }),
        Err(_) => String::from_utf8(bytes),
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `text` with the character references that praxis, Tera and authors write decoded
/// (`&amp;`, `&#x2F;`, `&#39;`…); anything else is left as it is.
pub fn unescape_html(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text` inside a CSS string between double quotes, in a `<style>` element: every
/// character but letters, digits, spaces and a few signs escaped as `\XXXXXX`.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | ',' | '\'' | '(' | ')' | '·')
        {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:06X}", u32::from(c)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_keeps_what_it_is_told_and_decodes_back() {
        let s = "rôle/é d'été~_.-";
        assert_eq!(
            percent_encode(s, is_unreserved),
            "r%C3%B4le%2F%C3%A9%20d%27%C3%A9t%C3%A9~_.-"
        );
        assert_eq!(
            percent_encode(s, |b| b.is_ascii()),
            "r%C3%B4le/%C3%A9 d'%C3%A9t%C3%A9~_.-"
        );
        assert_eq!(
            percent_decode(&percent_encode(s, is_unreserved)).as_deref(),
            Some(s)
        );
    }

    #[test]
    fn folding_ignores_case_accents_and_ligatures() {
        assert_eq!(fold("Communauté  de Pratique"), "communaute de pratique");
        assert_eq!(fold("ŒUVRE"), "oeuvre");
        assert_eq!(fold("Qu’est-ce"), "qu'est-ce");
        assert_eq!(fold("ÉLÈVE Noël çà ñ Ǎ"), "eleve noel ca n a");
    }

    #[test]
    fn folding_keeps_a_map_back_to_the_original() {
        let (folded, map) = fold_with_offsets("Été œil");
        assert_eq!(folded, "ete oeil");
        let start = folded.find("oeil").unwrap();
        assert_eq!(&"Été œil"[map[start]..], "œil");
        assert_eq!(map[folded.len()], "Été œil".len());
    }

    #[test]
    fn percent_decoding_never_splits_a_character() {
        assert_eq!(percent_decode("r%C3%B4le").as_deref(), Some("rôle"));
        assert_eq!(percent_decode("%aé"), None);
        assert_eq!(percent_decode_lossy("%aé 100%"), "%aé 100%");
        assert_eq!(percent_decode_lossy("%2e%2E"), "..");
    }

    #[test]
    fn slugs_are_readable_french() {
        assert_eq!(
            slugify("Qu'est-ce qu'un coordinateur ?"),
            "quest-ce-quun-coordinateur"
        );
        assert_eq!(slugify("Rôle & tâches"), "role-taches");
        assert_eq!(slugify("?!"), "section");
    }

    #[test]
    fn collation_sorts_accented_letters_with_their_base() {
        let mut words = vec!["Zèbre", "écoute", "Entraide", "Œuvre", "ordre", "Animateur"];
        words.sort_by(|a, b| collate(a, b));
        assert_eq!(
            words,
            ["Animateur", "écoute", "Entraide", "Œuvre", "ordre", "Zèbre"]
        );
        assert_eq!(initial("Écoute"), "E");
        assert_eq!(initial("Œuvre"), "O");
    }

    #[test]
    fn suggestions_prefer_the_nearest_name() {
        let names = ["plateforme", "forum", "sondage", "Plateformes"];
        assert_eq!(suggest("plateform", names, 3)[0], "plateforme");
        assert!(suggest("xyz", names, 3).is_empty());
    }

    #[test]
    fn a_short_name_is_not_offered_one_that_shares_nothing_with_it() {
        assert!(suggest("x", ["5", "ab"], 3).is_empty());
        assert!(suggest("ab", ["cd", "5"], 3).is_empty());
        assert_eq!(suggest("ab", ["cd", "ac"], 3), ["ac"]);
        assert_eq!(suggest("X", ["x"], 3), ["x"]);
    }
}
