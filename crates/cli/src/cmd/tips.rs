//! Placeholder: this command family is being written.
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct TiplineArgs {}

pub fn tipline(_: &super::Ctx, _: TiplineArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

#[derive(Debug, clap::Args)]
pub struct TipsArgs {}

pub fn tips(_: &super::Ctx, _: TipsArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("not implemented yet")
}

