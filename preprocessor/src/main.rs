//! The `mdbook-labs` binary: mdBook's preprocessor protocol around [`mdbook_labs::run`], and
//! `mdbook-labs names <model-id>` ([`mdbook_labs::names`]) for authors.

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
    let (book, problems) = mdbook_labs::run(book, &src, &id);
    if !problems.is_empty() {
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
