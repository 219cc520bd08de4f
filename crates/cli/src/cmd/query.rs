//! Placeholder.
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct DocsArgs {}
#[derive(Debug, clap::Args)]
pub struct ShowArgs {}
#[derive(Debug, clap::Args)]
pub struct ClaimsArgs {}
#[derive(Debug, clap::Args)]
pub struct SearchArgs {}
#[derive(Debug, clap::Args)]
pub struct ReindexArgs {}

pub fn docs(_: &super::Ctx, _: DocsArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not implemented yet") }
pub fn show(_: &super::Ctx, _: ShowArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not implemented yet") }
pub fn claims(_: &super::Ctx, _: ClaimsArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not implemented yet") }
pub fn search(_: &super::Ctx, _: SearchArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not implemented yet") }
pub fn reindex(_: &super::Ctx, _: ReindexArgs) -> anyhow::Result<ExitCode> { anyhow::bail!("not implemented yet") }
