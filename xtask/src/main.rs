//! `cargo xtask`: chores (benchmarks, corpus generation, tidy checks).
fn main() -> anyhow::Result<()> {
    anyhow::bail!("no chores yet")
}
