//! `mdbook-labs install [BOOK_DIR]`, in the spirit of `mdbook-admonish install`: writes into a
//! book what it needs, idempotently, and leaves the author's own settings alone.
//!
//! - `book.toml` (edited with `toml_edit`, so comments and layout survive): a
//!   `[preprocessor.labs]` table if there is none, and `labs.css` / `labs-loader.js` appended
//!   to `[output.html] additional-css` / `additional-js` if they are not listed.
//! - the theme files, embedded in this binary (so they always match it): `labs.css`,
//!   `labs-loader.js`, and the head script inside marked lines of `head.hbs` (an author's own
//!   `head.hbs` keeps everything outside the markers).
//! - the page-weight theme files (issue 13): `fonts/fonts.css` (system font stacks: mdBook then
//!   skips its ~320 KB of web fonts) and `highlight.js` (a 2 KB stand-in that loads mdBook's own
//!   highlighter, `fonts/mdbook-highlight.js`, only on pages with code blocks), the same for
//!   `clipboard.min.js` (pages with copy buttons). An author's own `fonts.css`, `highlight.js`
//!   or `clipboard.min.js` (without our first line) is left alone.
//! - `<src>/labs-assets`, a link to `labs-assets/` where `mdbook-labs bundle` writes the
//!   widgets (outside `src/`).

use std::path::{Path, PathBuf};

use toml_edit::{Array, DocumentMut, Item, Table, Value};

pub const LABS_CSS: &str = include_str!("../../theme/labs.css");
pub const LABS_LOADER: &str = include_str!("../../theme/labs-loader.js");
pub const HEAD: &str = include_str!("../../theme/head.hbs");
pub const FONTS_CSS: &str = include_str!("../../theme/fonts/fonts.css");
pub const HIGHLIGHT_STUB: &str = include_str!("../../theme/highlight.js");
pub const HIGHLIGHT_FULL: &str = include_str!("../../theme/fonts/mdbook-highlight.js");
pub const HIGHLIGHT_LICENSE: &str = include_str!("../../theme/fonts/HIGHLIGHT-JS-LICENSE");
pub const CLIPBOARD_STUB: &str = include_str!("../../theme/clipboard.min.js");
pub const CLIPBOARD_FULL: &str = include_str!("../../theme/fonts/mdbook-clipboard.min.js");
pub const CLIPBOARD_LICENSE: &str = include_str!("../../theme/fonts/CLIPBOARD-JS-LICENSE");
/// The first characters of the theme files this binary owns outright and may update.
const OURS: &str = "/* mdbook-labs:";
const BEGIN: &str = "<!-- mdbook-labs: begin (written by `mdbook-labs install`) -->";
const END: &str = "<!-- mdbook-labs: end -->";

/// Installs into the book at `book`; returns what changed (empty: nothing to do).
pub fn install(book: &Path) -> Result<Vec<String>, String> {
    let toml_path = book.join("book.toml");
    let text = std::fs::read_to_string(&toml_path).map_err(|e| {
        format!(
            "{}: {e} (is this an mdBook directory?)",
            toml_path.display()
        )
    })?;
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| format!("{}: {e}", toml_path.display()))?;
    let mut changed = Vec::new();

    let theme_dir = doc
        .get("output")
        .and_then(|o| o.get("html"))
        .and_then(|h| h.get("theme"))
        .and_then(Item::as_str)
        .unwrap_or("theme")
        .trim_end_matches('/')
        .to_string();
    let src_dir = doc
        .get("book")
        .and_then(|b| b.get("src"))
        .and_then(Item::as_str)
        .unwrap_or("src")
        .to_string();

    let pre = table(doc.as_table_mut(), "preprocessor")?;
    if !pre.contains_key("labs") {
        let mut labs = Table::new();
        labs.insert("command", toml_edit::value("mdbook-labs"));
        let mut before = Array::new();
        before.push("links");
        labs.insert("before", toml_edit::value(before));
        pre.insert("labs", Item::Table(labs));
        changed.push("book.toml: added [preprocessor.labs]".to_string());
    }
    let output = table(doc.as_table_mut(), "output")?;
    let html = table(output, "html")?;
    for (key, file) in [
        ("additional-css", format!("{theme_dir}/labs.css")),
        ("additional-js", format!("{theme_dir}/labs-loader.js")),
    ] {
        let item = html
            .entry(key)
            .or_insert_with(|| toml_edit::value(Array::new()));
        let Some(list) = item.as_array_mut() else {
            return Err(format!("book.toml: [output.html] {key} is not a list"));
        };
        if !list.iter().any(|v| v.as_str() == Some(file.as_str())) {
            list.push(file.as_str());
            changed.push(format!("book.toml: added {file:?} to [output.html] {key}"));
        }
    }
    let new_text = doc.to_string();
    if new_text != text {
        write(&toml_path, &new_text)?;
    }

    let theme = book.join(&theme_dir);
    std::fs::create_dir_all(&theme).map_err(|e| format!("{}: {e}", theme.display()))?;
    for (name, content) in [("labs.css", LABS_CSS), ("labs-loader.js", LABS_LOADER)] {
        let p = theme.join(name);
        if std::fs::read_to_string(&p).ok().as_deref() != Some(content) {
            write(&p, content)?;
            changed.push(format!("wrote {theme_dir}/{name}"));
        }
    }
    // Files an author may have made their own are replaced only while they are still ours.
    for (name, content, replace_any) in [
        ("fonts/fonts.css", FONTS_CSS, false),
        ("highlight.js", HIGHLIGHT_STUB, false),
        ("fonts/mdbook-highlight.js", HIGHLIGHT_FULL, true),
        ("fonts/HIGHLIGHT-JS-LICENSE", HIGHLIGHT_LICENSE, true),
        ("clipboard.min.js", CLIPBOARD_STUB, false),
        ("fonts/mdbook-clipboard.min.js", CLIPBOARD_FULL, true),
        ("fonts/CLIPBOARD-JS-LICENSE", CLIPBOARD_LICENSE, true),
    ] {
        let p = theme.join(name);
        let old = std::fs::read_to_string(&p).ok();
        let ours = old
            .as_deref()
            .is_none_or(|o| replace_any || o.starts_with(OURS));
        if ours && old.as_deref() != Some(content) {
            if let Some(dir) = p.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            write(&p, content)?;
            changed.push(format!("wrote {theme_dir}/{name}"));
        }
    }
    let head = theme.join("head.hbs");
    let old = std::fs::read_to_string(&head).unwrap_or_default();
    let new = with_head_block(&old);
    if new != old {
        write(&head, &new)?;
        changed.push(format!("wrote the head script into {theme_dir}/head.hbs"));
    }

    let src = book.join(&src_dir);
    let link = src.join("labs-assets");
    if std::fs::symlink_metadata(&link).is_err() {
        std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
        let depth = Path::new(&src_dir).components().count().max(1);
        let target = PathBuf::from("../".repeat(depth)).join("labs-assets");
        symlink(&target, &link)?;
        changed.push(format!(
            "linked {src_dir}/labs-assets -> {} (the widget bundle, built by `mdbook-labs bundle`)",
            target.display()
        ));
    }
    Ok(changed)
}

/// `head.hbs` with the labs head script between the markers: replaced if present, appended
/// otherwise; an identical block is left as it is. This repository's own `head.hbs` (the
/// source of the embedded copy) is recognised and left alone.
pub fn with_head_block(old: &str) -> String {
    if old.trim() == HEAD.trim() {
        return old.to_string();
    }
    let block = format!(
        "{BEGIN}\n{}{}{END}\n",
        HEAD,
        if HEAD.ends_with('\n') { "" } else { "\n" }
    );
    if let (Some(b), Some(e)) = (old.find(BEGIN), old.find(END))
        && b < e
    {
        let end = e + END.len();
        let end = if old[end..].starts_with('\n') {
            end + 1
        } else {
            end
        };
        return format!("{}{block}{}", &old[..b], &old[end..]);
    }
    if old.is_empty() {
        return block;
    }
    let sep = if old.ends_with('\n') { "" } else { "\n" };
    format!("{old}{sep}{block}")
}

fn table<'a>(t: &'a mut Table, key: &str) -> Result<&'a mut Table, String> {
    let item = t.entry(key).or_insert_with(|| {
        let mut new = Table::new();
        new.set_implicit(true);
        Item::Table(new)
    });
    if let Item::Value(Value::InlineTable(_)) = item {
        let inline = std::mem::take(item);
        if let Item::Value(Value::InlineTable(i)) = inline {
            *item = Item::Table(i.into_table());
        }
    }
    item.as_table_mut()
        .ok_or_else(|| format!("book.toml: `{key}` is not a table"))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn symlink(target: &Path, link: &Path) -> Result<(), String> {
    #[cfg(unix)]
    return std::os::unix::fs::symlink(target, link)
        .map_err(|e| format!("{}: {e}", link.display()));
    #[cfg(not(unix))]
    return Err(format!(
        "create a link {} -> {} (symbolic links are created on Unix only)",
        link.display(),
        target.display()
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_is_idempotent_and_keeps_the_authors_settings() {
        let dir = std::env::temp_dir().join(format!("labs-install-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        let toml = "[book]\ntitle = \"Course\" # mine\n\n[output.html]\nadditional-js = [\"mine.js\"]\ngit-repository-url = \"https://example.org\"\n";
        std::fs::write(dir.join("book.toml"), toml).unwrap();
        std::fs::create_dir_all(dir.join("theme")).unwrap();
        std::fs::write(dir.join("theme/head.hbs"), "<meta name=\"mine\">\n").unwrap();
        let first = install(&dir).unwrap();
        assert!(!first.is_empty());
        let text = std::fs::read_to_string(dir.join("book.toml")).unwrap();
        assert!(text.contains("title = \"Course\" # mine"), "{text}");
        assert!(text.contains("git-repository-url"), "{text}");
        assert!(
            text.contains("\"mine.js\", \"theme/labs-loader.js\""),
            "{text}"
        );
        assert!(text.contains("[preprocessor.labs]"), "{text}");
        let head = std::fs::read_to_string(dir.join("theme/head.hbs")).unwrap();
        assert!(head.starts_with("<meta name=\"mine\">\n") && head.contains("labsPreload"));
        assert!(std::fs::symlink_metadata(dir.join("src/labs-assets")).is_ok());
        assert_eq!(
            std::fs::read_to_string(dir.join("theme/fonts/fonts.css")).unwrap(),
            FONTS_CSS
        );
        assert!(dir.join("theme/fonts/mdbook-highlight.js").is_file());
        assert!(
            std::fs::read_to_string(dir.join("theme/highlight.js"))
                .unwrap()
                .contains("mdbook-highlight.js")
        );
        assert_eq!(install(&dir).unwrap(), Vec::<String>::new(), "second run");
        std::fs::write(dir.join("theme/highlight.js"), "// the author's own\n").unwrap();
        assert_eq!(
            install(&dir).unwrap(),
            Vec::<String>::new(),
            "an author's file is kept"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("book.toml")).unwrap(),
            text
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
