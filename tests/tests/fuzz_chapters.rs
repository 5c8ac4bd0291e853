//! A bounded, seeded fuzz run of whole chapters: the golden fixtures, mutated by inserting
//! and deleting fragments (braces, quotes, brackets, numbers at the edge of f64, multi-byte
//! characters) at random character positions, must give diagnostics, never a panic.
//! `FUZZ_ITERS` runs longer, `FUZZ_SEED` elsewhere.

use std::path::Path;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "{{",
    "}}",
    ":",
    ".€",
    "é",
    "—",
    "≥",
    "😀",
    "\"",
    "'",
    "\"\"\"",
    "[",
    "]",
    "=",
    "\n",
    " ",
    "(",
    ")",
    "not ",
    "0",
    "-1",
    "1e400",
    "0.0001e-320",
    "[0, 0]",
    "[10, 1]",
    "true",
    "\\",
    "#",
    "```",
    "log = true\n",
    "range = [0, 1]\n",
    "\nvalue = \"t_mem_ms\"\n",
    "\n[[panels.bars]]\nlabel = \"X\"\n",
    "{t_mem_ms:.2f}",
    "{x@story}",
    "oom",
];

fn mutate(rng: &mut Rng, src: &str) -> String {
    let mut s = src.to_string();
    for _ in 0..1 + rng.below(4) {
        let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
        let at = bounds[rng.below(bounds.len())];
        if rng.below(3) == 0 {
            let end = bounds
                .iter()
                .copied()
                .find(|&b| b >= at + rng.below(12))
                .unwrap_or(s.len());
            s.replace_range(at..end, "");
        } else {
            s.insert_str(at, FRAGMENTS[rng.below(FRAGMENTS.len())]);
        }
    }
    s
}

#[test]
fn mutated_chapters_never_panic() {
    let iters: usize = std::env::var("FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let seeds: Vec<String> = ["valid.md", "status.md", "crashes.md", "bad_plots.md"]
        .iter()
        .map(|f| std::fs::read_to_string(dir.join(f)).unwrap())
        .collect();
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x2545_F491_4F6C_DD1D_u64);
    let mut rng = Rng(seed.max(1));
    for i in 0..iters {
        let src = mutate(&mut rng, &seeds[i % seeds.len()]);
        let out = std::panic::catch_unwind(|| {
            let out = mdbook_labs::chapter::process("src/fuzz.md", &src, "fuzz");
            for d in &out.diagnostics {
                let _ = d.render(&src);
            }
        });
        assert!(out.is_ok(), "chapter {i} panicked:\n{src}");
    }
}
