//! The `mdbook-labs` binary: mdBook's preprocessor protocol around [`mdbook_labs::run`], and
//! `mdbook-labs names <model-id>` ([`mdbook_labs::names`]) for authors,
//! `mdbook-labs install [BOOK_DIR]` ([`mdbook_labs::install`]) and
//! `mdbook-labs bundle [BOOK_DIR] [--all] [--source CHECKOUT]` ([`mdbook_labs::assets`]).

use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `mdbook-labs supports <renderer>`: expand for every renderer (HTML and print alike).
    if args.first().map(String::as_str) == Some("supports") {
        return ExitCode::SUCCESS;
    }
    // `mdbook-labs names <model-id>`: the names a chapter can use, for authors.
    if args.first().map(String::as_str) == Some("names") {
        return match mdbook_labs::names::listing(args.get(1).map_or("", String::as_str)) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("mdbook-labs names: {e}");
                ExitCode::from(2)
            }
        };
    }
    if args.first().map(String::as_str) == Some("install") {
        let dir = args
            .get(1)
            .map_or_else(|| ".".into(), std::path::PathBuf::from);
        return match mdbook_labs::install::install(&dir) {
            Ok(changed) if changed.is_empty() => {
                eprintln!("mdbook-labs install: {} is up to date", dir.display());
                ExitCode::SUCCESS
            }
            Ok(changed) => {
                for c in changed {
                    eprintln!("mdbook-labs install: {c}");
                }
                eprintln!("next: `mdbook-labs bundle` builds the widgets for this book's models");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("mdbook-labs install: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if args.first().map(String::as_str) == Some("bundle") {
        let mut dir = std::path::PathBuf::from(".");
        let mut source = None;
        let mut all = false;
        let mut it = args.iter().skip(1);
        while let Some(a) = it.next() {
            match a.as_str() {
                "--all" => all = true,
                "--source" => source = it.next().map(std::path::PathBuf::from),
                d => dir = d.into(),
            }
        }
        return match mdbook_labs::assets::bundle(&dir, source.as_deref(), all) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("mdbook-labs bundle: {e}");
                ExitCode::FAILURE
            }
        };
    }
    // `mdbook-labs verify LEDGER.json [--book DIR]`: recompute a student's exported ledger.
    if args.first().map(String::as_str) == Some("verify") {
        return mdbook_labs::verify::main(&args[1..]);
    }
    let (ctx, book) = match mdbook_preprocessor::parse_input(io::stdin()) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("mdbook-labs: could not read the book from mdBook: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let src = ctx.config.book.src.display().to_string();
    let configured: Option<String> = ctx.config.get("preprocessor.labs.book-id").ok().flatten();
    let id = mdbook_labs::book_id(configured.as_deref(), ctx.config.book.title.as_deref());
    let serving = mdbook_labs::assets::serving(&ctx);
    let models = mdbook_labs::assets::book_models(&book, &src);
    mdbook_labs::assets::set_snapshot_dir(&ctx.root);
    let (mut book, mut problems, snapshots) =
        mdbook_labs::run(book, &src, &id, &mdbook_labs::cache::Cache::from_env());
    if let Err(e) = mdbook_labs::assets::check(&ctx.root, &src, &models) {
        // Under `mdbook serve`, keep up with the author: build a bundle with every model from
        // the source checkout (once; later model switches find it complete), then check again.
        let rebuilt = serving
            && mdbook_labs::assets::source(None, &ctx.root).is_some()
            && {
                eprintln!(
                    "mdbook-labs: {e}\nmdbook-labs: serving, so building a development bundle with every model"
                );
                mdbook_labs::assets::bundle(&ctx.root, None, true)
                    .map_err(|e| eprintln!("mdbook-labs bundle: {e}"))
                    .is_ok()
            };
        let again = if rebuilt {
            mdbook_labs::assets::check(&ctx.root, &src, &models)
        } else {
            Err(e)
        };
        if let Err(e) = again {
            problems.push(format!("error: {e}"));
        }
    }
    if !problems.is_empty() && serving {
        // `mdbook serve` keeps the last good output when a preprocessor fails, so the author
        // would see nothing: show the problems on every page instead (the build still fails
        // under `mdbook build`).
        let banner = mdbook_labs::assets::error_banner(&problems);
        for p in &problems {
            eprintln!("{p}");
        }
        book.for_each_mut(|item| {
            if let mdbook_preprocessor::book::BookItem::Chapter(ch) = item {
                ch.content = format!("{banner}{}", ch.content);
            }
        });
    } else if !problems.is_empty() {
        let mut err = io::stderr().lock();
        for p in &problems {
            let _ = writeln!(err, "{p}");
        }
        let _ = writeln!(
            err,
            "error: mdbook-labs found {} problem(s); the book was not built",
            problems.len()
        );
        return ExitCode::FAILURE;
    }
    // A clean build knows every snapshot the pages use: the others are from older versions
    // of the charts.
    if problems.is_empty() {
        let assets = ctx.root.join("labs-assets");
        if let Err(e) = mdbook_labs::assets::prune_snapshots(&assets, &snapshots) {
            eprintln!("mdbook-labs: could not remove old snapshots: {e}");
        }
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if let Err(e) = serde_json::to_writer(&mut out, &book)
        .map_err(io::Error::other)
        .and_then(|_| out.flush())
    {
        eprintln!("mdbook-labs: could not write the book back to mdBook: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
