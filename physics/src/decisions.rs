#![doc = include_str!("../DECISIONS.md")]
