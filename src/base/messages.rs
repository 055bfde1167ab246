//! Every sentence praxis says to a person — diagnostics, their help, summary lines, the
//! serve overlay — comes from one catalogue per language, `locales/<lang>.ftl`.
//!
//! Why Project Fluent (`fluent-bundle`): it is the localisation system of Mozilla (Firefox
//! is translated with it), it picks plurals by the CLDR rules of each language ("1 erreur",
//! "2 erreurs", "0 erreur" in French; "0 errors" in English), and a translator edits a
//! plain `.ftl` file without knowing Rust. This module is the only one that uses the crate.
//!
//! Code names a message by its id and its arguments ([`Message`], built with [`msg!`]);
//! the words are chosen only when it is shown, in the guide's language ([`Lang`]).

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;

/// The catalogues, compiled into the binary.
const FR: &str = include_str!("../../locales/fr.ftl");
const EN: &str = include_str!("../../locales/en.ftl");

/// The languages praxis speaks. A guide in another language gets English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    Fr,
    #[default]
    En,
}

impl Lang {
    /// The tag of the language, for `lang=""` in HTML.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The language of a guide's `language:` tag (`fr`, `fr-BE`, `en`, `de`...).
    pub fn of(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("fr") {
            Lang::Fr
        } else {
            Lang::En
        }
    }
}

/// A value given to a message: text, a count (which chooses the plural), or another
/// message, said in the same language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    Text(String),
    Count(i64),
    Message(Box<Message>),
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_owned())
    }
}

impl From<Message> for Arg {
    fn from(m: Message) -> Arg {
        Arg::Message(Box::new(m))
    }
}

macro_rules! count_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Count(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
count_from!(usize, u64, u32, i64, i32);

/// A sentence to say: the id of a catalogue entry and its arguments.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// `msg!("link-unknown", target = name, suggestion = s)`: a [`Message`]. The id is a
/// literal so that a test can find every id used in `src/` in both catalogues.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::base::messages::Message::new($id)$(.arg(stringify!($name), $value))*
    };
}

impl Message {
    pub fn new(id: &'static str) -> Message {
        Message {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args
            .push((name.trim_start_matches("r#"), value.into()));
        self
    }

    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let bundle = bundle(lang);
        let Some(pattern) = bundle.get_message(self.id).and_then(|m| m.value()) else {
            // Only a catalogue out of step with the code gets here; a unit test forbids it.
            return self.id.to_owned();
        };
        let mut args = FluentArgs::new();
        for (name, value) in &self.args {
            let value = match value {
                Arg::Text(s) => FluentValue::from(s.as_str()),
                Arg::Count(n) => FluentValue::from(*n),
                Arg::Message(m) => FluentValue::from(m.text(lang)),
            };
            args.set(*name, value);
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
        debug_assert!(errors.is_empty(), "{}: {errors:?}", self.id);
        text.into_owned()
    }
}

/// In English, for logs and tests; what people read is [`Message::text`] in the guide's
/// language.
impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// Words said as they are written: a path, a link, a name.
pub fn verbatim(text: impl Into<String>) -> Message {
    msg!("verbatim", text = text.into())
}

/// "a or b or c", in the language it is said in.
pub fn one_of(items: &[String]) -> Message {
    joined(items, |first, rest| {
        msg!("list-or", first = first, rest = rest)
    })
}

/// "a and b and c", in the language it is said in.
pub fn all_of(items: &[String]) -> Message {
    joined(items, |first, rest| {
        msg!("list-and", first = first, rest = rest)
    })
}

fn joined(items: &[String], join: fn(Message, Message) -> Message) -> Message {
    match items {
        [] => verbatim(""),
        [one] => verbatim(one.as_str()),
        [first, rest @ ..] => join(verbatim(first.as_str()), joined(rest, join)),
    }
}

/// Why the system refused to read or write a file, in the guide's words: each
/// `io::ErrorKind` an author can meet has its sentence (with what to do where there is one
/// thing to do); the system's own English words are kept only for a kind not known here,
/// introduced as what the system says. As Firefox's error pages do (one message and its
/// advice per error code), the system's text is the last resort, never the first.
pub fn io_cause(e: &std::io::Error) -> Message {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => msg!("io-not-found"),
        K::PermissionDenied => msg!("io-permission-denied"),
        K::AlreadyExists => msg!("io-already-exists"),
        K::IsADirectory => msg!("io-is-a-folder"),
        K::NotADirectory => msg!("io-not-a-folder"),
        K::DirectoryNotEmpty => msg!("io-folder-not-empty"),
        K::StorageFull | K::QuotaExceeded => msg!("io-storage-full"),
        K::ReadOnlyFilesystem => msg!("io-read-only"),
        K::FileTooLarge => msg!("io-file-too-large"),
        K::InvalidFilename => msg!("io-name-invalid"),
        K::InvalidData => msg!("io-not-utf8"),
        K::ResourceBusy | K::ExecutableFileBusy => msg!("io-busy"),
        K::TimedOut | K::WouldBlock => msg!("io-timed-out"),
        K::OutOfMemory => msg!("io-out-of-memory"),
        K::CrossesDevices => msg!("io-crosses-devices"),
        _ => msg!("io-other", text = e.to_string()),
    }
}

/// Why a folder could not be walked (`walkdir`): the system's refusal, said by
/// [`io_cause`].
pub fn walk_cause(e: &walkdir::Error) -> Message {
    match e.io_error() {
        Some(io) => io_cause(io),
        None => msg!("io-other", text = e.to_string()),
    }
}

/// `what` could not be done, because of the system error `e`: "impossible d'écrire
/// public/index.html : le disque est plein".
pub fn io_failed(what: Message, e: &std::io::Error) -> Message {
    msg!("error-because", what = what, cause = io_cause(e))
}

/// What an error of the plumbing (`anyhow`, as `output.rs` returns them) says, in the
/// guide's words: the [`Message`] it was given as context (`cannot-write-path`…), followed
/// by its cause ([`io_cause`] for a system error). An error made of words of a library
/// only is said as the system's words are, introduced ([`io_cause`]'s last resort).
pub fn of_error(e: &anyhow::Error) -> Message {
    let cause = || match e.downcast_ref::<std::io::Error>() {
        Some(io) => io_cause(io),
        None => msg!("io-other", text = e.root_cause().to_string()),
    };
    match e.downcast_ref::<Message>() {
        Some(what) if e.chain().count() > 1 => {
            msg!("error-because", what = what.clone(), cause = cause())
        }
        Some(what) => what.clone(),
        None => cause(),
    }
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static FR_BUNDLE: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static EN_BUNDLE: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    match lang {
        Lang::Fr => FR_BUNDLE.get_or_init(|| compile("fr", FR)),
        Lang::En => EN_BUNDLE.get_or_init(|| compile("en", EN)),
    }
}

fn compile(locale: &str, source: &str) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(source.to_owned())
        .unwrap_or_else(|(_, e)| panic!("locales/{locale}.ftl does not parse: {e:?}"));
    let mut bundle = FluentBundle::new_concurrent(vec![locale.parse().expect("a language tag")]);
    // No Unicode isolation marks (FSI/PDI) around arguments: terminals show them as junk.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .unwrap_or_else(|e| panic!("locales/{locale}.ftl: {e:?}"));
    bundle
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// Each message of an `.ftl` file with the variables it uses.
    fn entries(ftl: &str) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut current: Option<String> = None;
        for line in ftl.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !line.starts_with([' ', '\t']) {
                let id = line.split('=').next().unwrap_or("").trim().to_owned();
                // Terms (`-found`) are shared pieces, not messages the code names.
                current = (!id.starts_with('-')).then_some(id.clone());
                if let Some(id) = &current {
                    out.entry(id.clone()).or_default();
                }
            }
            if let Some(id) = &current {
                let vars = out.get_mut(id).unwrap();
                for piece in line.split('$').skip(1) {
                    let name: String = piece
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    vars.insert(name);
                }
            }
        }
        out
    }

    /// Every call of the `msg!` macro in `src/`: its id, with its argument names.
    fn used_in_code() -> Vec<(String, String, BTreeSet<String>)> {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut out = Vec::new();
        for entry in walkdir::WalkDir::new(&src) {
            let path = entry.unwrap().into_path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let code = std::fs::read_to_string(&path).unwrap();
            for call in code.split("msg!(").skip(1) {
                let Some(rest) = call.strip_prefix('"') else {
                    continue; // the macro's own definition
                };
                let id: String = rest.chars().take_while(|c| *c != '"').collect();
                let after = &rest[id.len() + 1..];
                let is_id = !id.is_empty()
                    && id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if !is_id || !after.trim_start().starts_with([',', ')']) {
                    continue; // this test's own text, not a call
                }
                let names = arg_names(after);
                out.push((path.display().to_string(), id, names));
            }
        }
        out
    }

    /// The `name` of each `, name = value` up to the call's closing parenthesis.
    fn arg_names(after_id: &str) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        let (mut depth, mut in_str, mut escaped) = (0i32, false, false);
        let mut piece = String::new();
        let mut take = |piece: &mut String| {
            let name = piece.split('=').next().unwrap_or("").trim().to_owned();
            if !name.is_empty() {
                names.insert(name.trim_start_matches("r#").to_owned());
            }
            piece.clear();
        };
        for c in after_id.chars() {
            if in_str {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_str = false;
                }
                continue;
            }
            match c {
                '"' => in_str = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => break,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => take(&mut piece),
                _ if depth == 0 => piece.push(c),
                _ => {}
            }
        }
        take(&mut piece);
        names
    }

    #[test]
    fn every_message_of_the_code_is_in_both_catalogues_with_the_same_variables() {
        let fr = entries(FR);
        let en = entries(EN);
        let used = used_in_code();
        assert!(
            used.len() > 50,
            "the scan finds the messages: {}",
            used.len()
        );
        let mut wrong = Vec::new();
        for (file, id, names) in &used {
            for (lang, catalogue) in [("fr", &fr), ("en", &en)] {
                match catalogue.get(id) {
                    None => wrong.push(format!("{file}: `{id}` is missing from locales/{lang}.ftl")),
                    Some(vars) if !vars.is_subset(names) => wrong.push(format!(
                        "{file}: `{id}` in locales/{lang}.ftl uses {vars:?}, the code gives {names:?}"
                    )),
                    Some(_) => {}
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        assert_eq!(
            fr.keys().collect::<Vec<_>>(),
            en.keys().collect::<Vec<_>>(),
            "both catalogues hold the same messages"
        );
        for (id, vars) in &fr {
            assert_eq!(
                vars, &en[id],
                "`{id}` takes the same variables in fr and en"
            );
        }
    }

    #[test]
    fn both_catalogues_parse_and_every_message_has_a_value() {
        for lang in [Lang::Fr, Lang::En] {
            let b = bundle(lang);
            for id in entries(match lang {
                Lang::Fr => FR,
                Lang::En => EN,
            })
            .keys()
            {
                assert!(
                    b.get_message(id).and_then(|m| m.value()).is_some(),
                    "{id} in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn french_plurals_follow_cldr_zero_and_one_are_singular() {
        let said = |lang, errors: i64, warnings: i64| {
            msg!("summary", errors = errors, warnings = warnings).text(lang)
        };
        assert_eq!(said(Lang::Fr, 0, 0), "0 erreur, 0 avertissement");
        assert_eq!(said(Lang::Fr, 1, 1), "1 erreur, 1 avertissement");
        assert_eq!(said(Lang::Fr, 2, 3), "2 erreurs, 3 avertissements");
        assert_eq!(said(Lang::En, 0, 0), "0 errors, 0 warnings");
        assert_eq!(said(Lang::En, 1, 1), "1 error, 1 warning");
        assert_eq!(said(Lang::En, 2, 3), "2 errors, 3 warnings");
    }

    #[test]
    fn arguments_are_not_wrapped_in_isolation_marks() {
        let m = msg!("link-unknown", target = "plateform");
        let fr = m.text(Lang::Fr);
        assert_eq!(fr, "le lien [[plateform]] ne mène à aucune page");
        assert!(!fr.contains('\u{2068}') && !fr.contains('\u{2069}'));
    }

    #[test]
    fn a_system_error_is_said_in_the_guide_s_words_and_its_english_kept_only_when_unknown() {
        use std::io::{Error as IoError, ErrorKind};
        let said = |kind: ErrorKind| io_cause(&IoError::from(kind)).text(Lang::Fr);
        assert_eq!(
            said(ErrorKind::NotFound),
            "ce fichier ou dossier n'existe pas"
        );
        assert!(said(ErrorKind::PermissionDenied).starts_with("permission refusée"));
        assert!(said(ErrorKind::StorageFull).starts_with("le disque est plein"));
        assert!(said(ErrorKind::ReadOnlyFilesystem).contains("lecture seule"));
        assert!(said(ErrorKind::IsADirectory).starts_with("c'est un dossier"));
        assert!(said(ErrorKind::AlreadyExists).contains("existe déjà"));
        // What the system says of ENOENT, and the same from the OS's own error number.
        let os = IoError::from_raw_os_error(2);
        assert_eq!(io_cause(&os), msg!("io-not-found"));
        assert!(!io_cause(&os).text(Lang::Fr).contains("os error"));
        assert_eq!(
            io_cause(&IoError::from_raw_os_error(13)).text(Lang::En),
            msg!("io-permission-denied").text(Lang::En)
        );
        // A kind praxis has no words for: the system's, introduced as what it says.
        let odd = IoError::other("Protocol wrong type for socket");
        assert_eq!(
            io_cause(&odd).text(Lang::Fr),
            "le système répond (en anglais) : « Protocol wrong type for socket »"
        );
        // Every kind with its own sentence has it in both languages, without English in
        // the French one.
        for kind in [
            ErrorKind::NotFound,
            ErrorKind::PermissionDenied,
            ErrorKind::AlreadyExists,
            ErrorKind::NotADirectory,
            ErrorKind::DirectoryNotEmpty,
            ErrorKind::FileTooLarge,
            ErrorKind::InvalidFilename,
            ErrorKind::InvalidData,
            ErrorKind::ResourceBusy,
            ErrorKind::TimedOut,
            ErrorKind::OutOfMemory,
            ErrorKind::CrossesDevices,
        ] {
            let m = io_cause(&IoError::from(kind));
            assert_ne!(m.id, "io-other", "{kind:?}");
            assert_ne!(m.text(Lang::Fr), m.text(Lang::En), "{kind:?}");
        }
    }

    #[test]
    fn a_plumbing_error_says_what_failed_then_why() {
        use anyhow::Context;
        let denied: Result<(), _> = Err(std::io::Error::from_raw_os_error(13));
        let e = denied
            .with_context(|| msg!("cannot-write-file", file = "public/index.html"))
            .unwrap_err();
        assert_eq!(
            of_error(&e).text(Lang::Fr),
            "impossible d'écrire public/index.html : permission refusée : praxis n'a pas le \
             droit d'y lire ou d'y écrire ; demandez ce droit, ou choisissez un autre dossier"
        );
        assert!(
            of_error(&e)
                .text(Lang::En)
                .starts_with("cannot write public/index.html: permission denied")
        );
        // A message alone is said alone; a foreign error is introduced.
        let alone = anyhow::Error::msg(msg!("output-not-a-folder", folder = "x"));
        assert_eq!(
            of_error(&alone).text(Lang::Fr),
            "x existe et n'est pas un dossier : choisissez un autre --output"
        );
        let foreign = anyhow::anyhow!("zip error");
        assert_eq!(
            of_error(&foreign).text(Lang::Fr),
            "le système répond (en anglais) : « zip error »"
        );
    }

    #[test]
    fn the_language_tag_chooses_french_or_english() {
        assert_eq!(Lang::of("fr"), Lang::Fr);
        assert_eq!(Lang::of("fr-BE"), Lang::Fr);
        assert_eq!(Lang::of("en"), Lang::En);
        assert_eq!(Lang::of("de"), Lang::En);
    }
}
