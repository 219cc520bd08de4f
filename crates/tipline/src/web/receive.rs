//! Receiving a multipart submission: each field streams straight into its sealed file, so
//! plaintext exists only in the chunk being encrypted — except attachments of a type that can
//! be cleaned, which are also held in memory (zeroised afterwards) up to
//! [`CLEAN_MAX_BYTES`] each and within a global budget, because cleaning needs the whole file.
//! When the budget is spent, the attachment is sealed as it is and marked "not cleaned"
//! rather than waiting, so a flood of uploads cannot exhaust memory.
//!
//! Limits are checked as bytes arrive; the first one crossed ends the request with a
//! [`Refusal`] and the caller's staged folder is removed whole. This module does not commit
//! anything, derive keys or render pages.

use std::sync::Arc;

use axum::extract::Multipart;
use axum::extract::multipart::{Field, MultipartError};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use zeroize::Zeroizing;

use super::AppState;
use crate::clean::{self, CLEAN_MAX_BYTES, Cleaned, Kind, SNIFF_BYTES};
use crate::codename::MAX_CODENAME_INPUT;
use crate::config::Limits;
use crate::vault::MessageDraft;

/// Why a submission was not stored. Each maps to one plain-language page.
#[derive(Debug)]
pub enum Refusal {
    /// No text and no file.
    Empty,
    /// Over the size limits.
    TooLarge(Limits),
    /// More files than allowed (the limit).
    TooManyFiles(usize),
    /// The upload did not finish within the time limit.
    TooSlow,
    /// Not a readable `multipart/form-data` body, or fields the form does not have.
    Malformed,
    /// The codename of a follow-up is not seven list words (says which).
    BadCodename(String),
    /// The global rate limit.
    Busy,
    /// No recipients to seal to.
    NotReady,
    /// Storage or another failure on the server's side.
    Internal,
}

/// What a successful read of the form produced.
pub struct Received {
    /// The `codename` field of a follow-up.
    pub codename_field: Option<Zeroizing<String>>,
}

fn multipart_refusal(e: MultipartError, limits: &Limits) -> Refusal {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        Refusal::TooLarge(limits.clone())
    } else {
        Refusal::Malformed
    }
}

/// Tracks the bytes of the whole request against its limit.
struct Budget<'a> {
    total: u64,
    limits: &'a Limits,
}

impl Budget<'_> {
    fn add(&mut self, n: usize) -> Result<(), Refusal> {
        self.total += n as u64;
        if self.total > self.limits.max_submission_bytes {
            return Err(Refusal::TooLarge(self.limits.clone()));
        }
        Ok(())
    }
}

async fn next_chunk(field: &mut Field<'_>, limits: &Limits) -> Result<Option<axum::body::Bytes>, Refusal> {
    field.chunk().await.map_err(|e| multipart_refusal(e, limits))
}

/// Reads the form into `draft`. `want_codename` accepts the follow-up form's `codename` field.
pub async fn receive(
    s: &AppState,
    mut multipart: Multipart,
    mut draft: MessageDraft,
    want_codename: bool,
) -> Result<Received, Refusal> {
    let limits = s.config().limits.clone();
    let mut budget = Budget { total: 0, limits: &limits };
    let mut has_text = false;
    let mut seen_message = false;
    let mut codename: Option<Zeroizing<String>> = None;
    let internal = |e: crate::Error| Refusal::from_error(e);

    while let Some(mut field) = multipart.next_field().await.map_err(|e| multipart_refusal(e, &limits))? {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "message" if !seen_message => {
                seen_message = true;
                let writer = draft.message().map_err(internal)?;
                while let Some(chunk) = next_chunk(&mut field, &limits).await? {
                    budget.add(chunk.len())?;
                    if writer.plaintext_bytes() + chunk.len() as u64 > limits.max_message_bytes {
                        return Err(Refusal::TooLarge(limits.clone()));
                    }
                    has_text |= chunk.iter().any(|b| !b.is_ascii_whitespace());
                    writer.write(&chunk).map_err(internal)?;
                }
            }
            "attachment" => {
                let file_name = field.file_name().unwrap_or_default().to_string();
                let declared = field.content_type().unwrap_or_default().to_string();
                let mut attachment = None;
                let mut cleaning = Cleaning::Sniffing(Zeroizing::new(Vec::new()));
                while let Some(chunk) = next_chunk(&mut field, &limits).await? {
                    if chunk.is_empty() {
                        continue;
                    }
                    budget.add(chunk.len())?;
                    if attachment.is_none() {
                        // A file input left empty arrives as a part with no bytes: not a file.
                        if draft.attachment_count() >= limits.max_attachments {
                            return Err(Refusal::TooManyFiles(limits.max_attachments));
                        }
                        attachment = Some(draft.begin_attachment(&file_name, &declared).map_err(internal)?);
                    }
                    let a = attachment.as_mut().expect("begun above");
                    a.write(&chunk).map_err(internal)?;
                    cleaning.feed(&chunk, &s.0.clean_budget);
                }
                if let Some(a) = attachment {
                    let (kind, cleaned) = cleaning.finish().await;
                    draft.finish_attachment(a, kind, cleaned).map_err(internal)?;
                }
            }
            "codename" if want_codename && codename.is_none() => {
                let mut text = Zeroizing::new(Vec::new());
                while let Some(chunk) = next_chunk(&mut field, &limits).await? {
                    budget.add(chunk.len())?;
                    if text.len() + chunk.len() > MAX_CODENAME_INPUT {
                        return Err(Refusal::BadCodename("That is far too long to be a codename.".into()));
                    }
                    text.extend_from_slice(&chunk);
                }
                let text = String::from_utf8(std::mem::take(&mut *text)).map_err(|_| Refusal::Malformed)?;
                codename = Some(Zeroizing::new(text));
            }
            // The tip line's own forms send nothing else; anything else is not our form.
            _ => return Err(Refusal::Malformed),
        }
    }
    if !has_text && draft.attachment_count() == 0 {
        return Err(Refusal::Empty);
    }
    draft.finish().map_err(internal)?;
    Ok(Received { codename_field: codename })
}

/// The in-memory copy of an attachment kept for cleaning.
enum Cleaning {
    /// Not enough bytes yet to tell the type.
    Sniffing(Zeroizing<Vec<u8>>),
    /// A cleanable type, held in memory with permits from the global budget (KiB).
    Buffering { kind: Kind, buf: Zeroizing<Vec<u8>>, permit: Option<OwnedSemaphorePermit> },
    /// Not cleaned, and why.
    Skipped { kind: Kind, reason: String },
}

impl Cleaning {
    fn feed(&mut self, chunk: &[u8], budget: &Arc<Semaphore>) {
        match self {
            Cleaning::Sniffing(buf) => {
                buf.extend_from_slice(chunk);
                if buf.len() >= SNIFF_BYTES {
                    let kind = clean::sniff(buf);
                    *self = if kind.cleanable() {
                        Cleaning::Buffering { kind, buf: std::mem::take(buf), permit: None }
                    } else {
                        Cleaning::Skipped { kind, reason: uncleanable_reason() }
                    };
                    self.reserve(budget);
                }
            }
            Cleaning::Buffering { kind, buf, .. } => {
                if buf.len() + chunk.len() > CLEAN_MAX_BYTES {
                    let reason = format!(
                        "larger than {} MiB, the most the tip line cleans in memory",
                        CLEAN_MAX_BYTES / (1024 * 1024)
                    );
                    *self = Cleaning::Skipped { kind: *kind, reason };
                    return;
                }
                // Grow exactly, so the memory held is what the budget accounts for.
                buf.reserve_exact(chunk.len());
                buf.extend_from_slice(chunk);
                self.reserve(budget);
            }
            Cleaning::Skipped { .. } => {}
        }
    }

    /// Holds budget permits for the buffer's capacity, or gives up cleaning.
    fn reserve(&mut self, budget: &Arc<Semaphore>) {
        let Cleaning::Buffering { kind, buf, permit } = self else { return };
        let need = buf.capacity().div_ceil(1024) as u32;
        let held = permit.as_ref().map_or(0, |p| p.num_permits() as u32);
        if need <= held {
            return;
        }
        match budget.clone().try_acquire_many_owned(need - held) {
            Ok(more) => match permit {
                Some(p) => p.merge(more),
                None => *permit = Some(more),
            },
            Err(_) => {
                *self = Cleaning::Skipped {
                    kind: *kind,
                    reason: "the tip line was too busy to clean it when it arrived".into(),
                }
            }
        }
    }

    async fn finish(self) -> (Kind, Result<Cleaned, String>) {
        match self {
            Cleaning::Sniffing(buf) => {
                let kind = clean::sniff(&buf);
                let result =
                    if kind.cleanable() { clean::clean(kind, &buf) } else { Err(uncleanable_reason()) };
                (kind, result)
            }
            Cleaning::Buffering { kind, buf, permit } => {
                let result = tokio::task::spawn_blocking(move || clean::clean(kind, &buf))
                    .await
                    .unwrap_or_else(|_| Err("cleaning failed".into()));
                drop(permit);
                (kind, result)
            }
            Cleaning::Skipped { kind, reason } => (kind, Err(reason)),
        }
    }
}

fn uncleanable_reason() -> String {
    "the tip line cannot clean this type of file; it may carry hidden information".into()
}
