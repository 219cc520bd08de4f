//! The tips folder on disk: its layout, staging and atomic commits, and reading it back.
//!
//! ```text
//! DATA/tips/
//!   recipients.txt                  the team's age recipients (public)
//!   codename-kdf.json               salt and argon2 parameters (0600)
//!   tipline.toml                    optional configuration
//!   .staging/<random>/              submissions being received: ciphertext only
//!   conversations/<tip id>/
//!     lookup                        argon2id lookup tag of the codename (hex)
//!     reply-recipient               age recipient derived from the codename
//!     0001-2026-11-29-source/       a message from the source
//!       message.age                 the text
//!       manifest.age                file names, types, sizes, what cleaning removed (JSON)
//!       01.original.age             an attachment as sent
//!       01.cleaned.age              its cleaned copy (absent when it could not be cleaned)
//!     0002-2026-12-03-team/         a reply from the team
//!       to-source.age               sealed to the codename-derived recipient only
//!       team-copy.age               sealed to the team's recipients, for the analysts' record
//! ```
//!
//! Every `.age` file is a standard age file. Nothing in the folder is plaintext except ids,
//! sequence numbers, days, lookup tags and public keys; which attachments were cleaned shows
//! in the file names, so `tally tips list` works without a key. A submission is written
//! under `.staging/` and renamed into place in one step only when all of it arrived and was
//! sealed; a failed or refused one is removed whole, so nothing partial is ever stored.
//! File and folder times are set to midnight (UTC) of the day. Tip ids are random, so their
//! order says nothing about arrival order.
//!
//! This module does no network I/O and knows nothing of HTTP; its writes are synchronous
//! (the web layer calls the slow parts — fsync and rename — from `spawn_blocking`).

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use age::x25519;
use rand::rngs::OsRng;
use rand::{Rng, TryRngCore};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::clean::{Cleaned, Kind};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::kdf::LookupTag;
use crate::seal::{self, SealedWriter};

/// Conversations live in this folder of the tips folder.
pub const CONVERSATIONS: &str = "conversations";
/// Submissions being received live here until they commit.
pub const STAGING: &str = ".staging";
const LOOKUP_FILE: &str = "lookup";
const REPLY_RECIPIENT_FILE: &str = "reply-recipient";
const MESSAGE_FILE: &str = "message.age";
const MANIFEST_FILE: &str = "manifest.age";
const TO_SOURCE_FILE: &str = "to-source.age";
const TEAM_COPY_FILE: &str = "team-copy.age";

/// Longest message text opened into memory on the analysts' side.
pub const MAX_OPEN_TEXT_BYTES: u64 = 16 * 1024 * 1024;
/// Longest attachment file name kept (in characters).
pub const MAX_FILE_NAME_CHARS: usize = 200;

const ID_ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";
const ID_LEN: usize = 10;

/// A conversation's id: ten random characters (50 bits), shown to analysts only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct TipId(String);

impl TipId {
    fn generate() -> TipId {
        let mut rng = OsRng.unwrap_err();
        TipId((0..ID_LEN).map(|_| ID_ALPHABET[rng.random_range(0..ID_ALPHABET.len())] as char).collect())
    }

    /// Checks the shape of an id typed by an analyst.
    pub fn parse(s: &str) -> Result<TipId> {
        let s = s.trim();
        if s.len() == ID_LEN && s.bytes().all(|b| ID_ALPHABET.contains(&b)) {
            Ok(TipId(s.to_string()))
        } else {
            Err(Error::BadTipId(s.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TipId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Source,
    Team,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Source => "source",
            Role::Team => "team",
        }
    }
}

/// One message folder's name, parsed: `0001-2026-11-29-source`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MessageName {
    seq: u32,
    day: String,
    role: Role,
}

impl MessageName {
    fn parse(name: &str) -> Option<MessageName> {
        let (seq, rest) = name.split_once('-')?;
        if rest.len() < 12 || !rest.is_char_boundary(10) {
            return None;
        }
        let (day, role) = rest.split_at(10);
        chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
        let role = match role {
            "-source" => Role::Source,
            "-team" => Role::Team,
            _ => return None,
        };
        Some(MessageName { seq: seq.parse().ok()?, day: day.to_string(), role })
    }

    fn render(&self) -> String {
        format!("{:04}-{}-{}", self.seq, self.day, self.role.as_str())
    }
}

/// What the sealed manifest of a source message records.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub message_bytes: u64,
    pub attachments: Vec<AttachmentEntry>,
}

/// One attachment in a manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AttachmentEntry {
    pub n: u32,
    /// The file name the source's browser sent, reduced to its last component.
    pub name: String,
    /// The type the source's browser declared (not trusted; `kind` is what the bytes say).
    pub declared_type: String,
    pub kind: Kind,
    pub bytes: u64,
    /// What cleaning removed, when the cleaned copy exists.
    pub cleaned: Option<Vec<String>>,
    /// Why there is no cleaned copy.
    pub not_cleaned: Option<String>,
}

/// A folder under `.staging/` that is removed unless it was committed.
#[derive(Debug)]
pub struct Staged {
    root: PathBuf,
    committed: bool,
}

/// The staged message's folder inside a [`Staged`] root.
const STAGED_MESSAGE: &str = "message";

impl Staged {
    /// The folder the staged message's files are written into.
    pub fn message_dir(&self) -> PathBuf {
        self.root.join(STAGED_MESSAGE)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.root);
        } else {
            // A committed first message leaves its emptied root behind only if the rename
            // moved a child; either way nothing of it may stay.
            let _ = fs::remove_dir(&self.root);
        }
        // Creating and removing entries stamped `.staging/` with the second of this
        // submission; put it back to the day.
        if let Some(staging) = self.root.parent() {
            let _ = fsutil::set_day_times(staging, &fsutil::today());
        }
    }
}

/// A source message being received into a staged folder.
pub struct MessageDraft {
    dir: PathBuf,
    recipients: Vec<x25519::Recipient>,
    message: Option<SealedWriter>,
    attachments: Vec<AttachmentEntry>,
}

impl std::fmt::Debug for MessageDraft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MessageDraft").field("attachments", &self.attachments.len()).finish_non_exhaustive()
    }
}

/// An attachment being received: its original streams into a sealed file.
pub struct AttachmentDraft {
    n: u32,
    original: SealedWriter,
}

impl std::fmt::Debug for AttachmentDraft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttachmentDraft").field("n", &self.n).finish_non_exhaustive()
    }
}

impl AttachmentDraft {
    /// Seals the next piece of the file.
    pub fn write(&mut self, chunk: &[u8]) -> Result<()> {
        self.original.write(chunk)
    }

    pub fn bytes(&self) -> u64 {
        self.original.plaintext_bytes()
    }
}

/// Reduces a browser-sent file name to a harmless last component.
fn tidy_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let tidy: String = last.chars().filter(|c| !c.is_control()).take(MAX_FILE_NAME_CHARS).collect();
    let tidy = tidy.trim().trim_start_matches('.').to_string();
    if tidy.is_empty() { "attachment".to_string() } else { tidy }
}

impl MessageDraft {
    /// The message text's sealed writer (created on first use).
    pub fn message(&mut self) -> Result<&mut SealedWriter> {
        if self.message.is_none() {
            self.message = Some(SealedWriter::create(&self.dir.join(MESSAGE_FILE), &self.recipients)?);
        }
        Ok(self.message.as_mut().expect("just created"))
    }

    /// How many attachments have been started.
    pub fn attachment_count(&self) -> usize {
        self.attachments.len()
    }

    /// Starts the next attachment.
    pub fn begin_attachment(&mut self, name: &str, declared_type: &str) -> Result<AttachmentDraft> {
        let n = self.attachments.len() as u32 + 1;
        let original =
            SealedWriter::create(&self.dir.join(format!("{n:02}.original.age")), &self.recipients)?;
        // Reserve the number now so that a second attachment never reuses it.
        self.attachments.push(AttachmentEntry {
            n,
            name: tidy_file_name(name),
            declared_type: declared_type.chars().filter(|c| !c.is_control()).take(100).collect(),
            kind: Kind::Other,
            bytes: 0,
            cleaned: None,
            not_cleaned: Some("incomplete".into()),
        });
        Ok(AttachmentDraft { n, original })
    }

    /// Finishes an attachment: closes its original and seals the cleaned copy, if any.
    pub fn finish_attachment(
        &mut self,
        draft: AttachmentDraft,
        kind: Kind,
        cleaned: std::result::Result<Cleaned, String>,
    ) -> Result<()> {
        let AttachmentDraft { n, original } = draft;
        let bytes = original.plaintext_bytes();
        original.finish()?;
        let entry = self.attachments.iter_mut().find(|a| a.n == n).expect("begun by this draft");
        entry.kind = kind;
        entry.bytes = bytes;
        match cleaned {
            Ok(c) => {
                seal::seal_to_file(
                    &self.dir.join(format!("{n:02}.cleaned.age")),
                    &self.recipients,
                    &c.bytes,
                )?;
                entry.cleaned = Some(c.removed);
                entry.not_cleaned = None;
            }
            Err(reason) => entry.not_cleaned = Some(reason),
        }
        Ok(())
    }

    /// Closes the text (an empty one if none came) and seals the manifest.
    pub fn finish(mut self) -> Result<Manifest> {
        let message_bytes = self.message()?.plaintext_bytes();
        self.message.take().expect("created above").finish()?;
        let manifest =
            Manifest { format: 1, message_bytes, attachments: std::mem::take(&mut self.attachments) };
        let json = Zeroizing::new(serde_json::to_vec(&manifest).expect("a manifest serialises"));
        seal::seal_to_file(&self.dir.join(MANIFEST_FILE), &self.recipients, &json)?;
        Ok(manifest)
    }
}

/// What `tally tips list` and the analyst UI show of a conversation: no content at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TipSummary {
    pub id: TipId,
    /// The day of the first message (UTC, `YYYY-MM-DD`).
    pub first_day: String,
    /// The day of the latest message, from either side.
    pub last_day: String,
    pub source_messages: usize,
    pub attachments: usize,
    /// Attachments without a cleaned copy: the analyst is warned before opening them.
    pub uncleaned_attachments: usize,
    pub team_replies: usize,
}

/// One message as an analyst reads it.
#[derive(Debug)]
pub struct MessageView {
    pub seq: u32,
    pub day: String,
    pub role: Role,
    /// The text (lossily decoded if the source's browser sent invalid UTF-8).
    pub text: Zeroizing<String>,
    /// For source messages, the manifest.
    pub manifest: Option<Manifest>,
    /// For source messages: (attachment entry, sealed original, sealed cleaned copy if any).
    pub files: Vec<(AttachmentEntry, PathBuf, Option<PathBuf>)>,
}

/// A reply as the source reads it.
#[derive(Debug)]
pub struct ReplyView {
    pub day: String,
    pub text: Zeroizing<String>,
}

/// The tips folder.
#[derive(Debug, Clone)]
pub struct Vault {
    dir: PathBuf,
}

impl Vault {
    /// Opens the tips folder, creating its folders (mode 0700) when `create` is set.
    pub fn open(dir: &Path, create: bool) -> Result<Vault> {
        if create {
            fsutil::create_private_dir(&dir.join(CONVERSATIONS))?;
            fsutil::create_private_dir(&dir.join(STAGING))?;
        } else if !dir.join(CONVERSATIONS).is_dir() {
            return Err(Error::io(
                dir.join(CONVERSATIONS),
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no tips folder here (has the tip line run?)",
                ),
            ));
        }
        Ok(Vault { dir: dir.to_path_buf() })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Removes what an interrupted run left under `.staging/` (ciphertext, never committed).
    pub fn clear_staging(&self) -> Result<()> {
        let staging = self.dir.join(STAGING);
        for entry in fs::read_dir(&staging).map_err(|e| Error::io(&staging, e))? {
            let path = entry.map_err(|e| Error::io(&staging, e))?.path();
            let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
        }
        Ok(())
    }

    /// A new, empty staged folder.
    pub fn stage(&self) -> Result<Staged> {
        for _ in 0..16 {
            let root = self.dir.join(STAGING).join(TipId::generate().0);
            match fs::create_dir(&root) {
                Ok(()) => {
                    let staged = Staged { root, committed: false };
                    let message = staged.message_dir();
                    fs::create_dir(&message).map_err(|e| Error::io(&message, e))?;
                    return Ok(staged);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::io(&root, e)),
            }
        }
        Err(Error::io(self.dir.join(STAGING), std::io::Error::other("no free staging name")))
    }

    /// Starts a source message in `staged`: a new tip or a follow-up.
    pub fn draft(&self, staged: &Staged, recipients: Vec<x25519::Recipient>) -> MessageDraft {
        MessageDraft { dir: staged.message_dir(), recipients, message: None, attachments: Vec::new() }
    }

    /// Commits a staged first message as a new conversation; returns its id. Slow (fsync):
    /// call from `spawn_blocking`.
    pub fn commit_new(
        &self,
        mut staged: Staged,
        lookup: &LookupTag,
        reply_recipient: &x25519::Recipient,
        day: &str,
    ) -> Result<TipId> {
        fsutil::write_new_private(&staged.root.join(LOOKUP_FILE), lookup.to_hex().as_bytes())?;
        fsutil::write_new_private(
            &staged.root.join(REPLY_RECIPIENT_FILE),
            reply_recipient.to_string().as_bytes(),
        )?;
        let first =
            staged.root.join(MessageName { seq: 1, day: day.to_string(), role: Role::Source }.render());
        fs::rename(staged.message_dir(), &first).map_err(|e| Error::io(&first, e))?;
        settle(&staged.root, day)?;
        let conversations = self.dir.join(CONVERSATIONS);
        for _ in 0..16 {
            let id = TipId::generate();
            let target = conversations.join(&id.0);
            if target.exists() {
                continue;
            }
            match fs::rename(&staged.root, &target) {
                Ok(()) => {
                    staged.committed = true;
                    fsutil::sync_dir(&conversations)?;
                    fsutil::set_day_times(&conversations, day)?;
                    return Ok(id);
                }
                Err(e) if is_taken(&e) => continue,
                Err(e) => return Err(Error::io(&target, e)),
            }
        }
        Err(Error::io(conversations, std::io::Error::other("no free tip id")))
    }

    /// Commits a staged message into an existing conversation with the next sequence number.
    /// Slow (fsync): call from `spawn_blocking`.
    pub fn commit_message(&self, staged: Staged, id: &TipId, day: &str, role: Role) -> Result<u32> {
        let conv = self.conversation(id)?;
        let message = staged.message_dir();
        settle(&message, day)?;
        for _ in 0..100 {
            let seq = self.messages(&conv)?.last().map_or(1, |(m, _)| m.seq + 1);
            let target = conv.join(MessageName { seq, day: day.to_string(), role }.render());
            if target.exists() {
                continue;
            }
            match fs::rename(&message, &target) {
                Ok(()) => {
                    // The emptied staging root is removed when `staged` drops.
                    fsutil::sync_dir(&conv)?;
                    fsutil::set_day_times(&conv, day)?;
                    return Ok(seq);
                }
                Err(e) if is_taken(&e) => continue,
                Err(e) => return Err(Error::io(&target, e)),
            }
        }
        Err(Error::io(conv, std::io::Error::other("no free message number")))
    }

    /// Every conversation's lookup tag, for the server's in-memory index.
    pub fn lookup_index(&self) -> Result<HashMap<LookupTag, TipId>> {
        let mut index = HashMap::new();
        for id in self.ids()? {
            let path = self.dir.join(CONVERSATIONS).join(&id.0).join(LOOKUP_FILE);
            if let Ok(text) = fs::read_to_string(&path)
                && let Some(tag) = LookupTag::from_hex(&text)
            {
                index.insert(tag, id);
            }
        }
        Ok(index)
    }

    /// All tip ids, sorted.
    pub fn ids(&self) -> Result<Vec<TipId>> {
        let conversations = self.dir.join(CONVERSATIONS);
        let mut ids = Vec::new();
        for entry in fs::read_dir(&conversations).map_err(|e| Error::io(&conversations, e))? {
            let entry = entry.map_err(|e| Error::io(&conversations, e))?;
            if let Ok(id) = TipId::parse(&entry.file_name().to_string_lossy()) {
                ids.push(id);
            }
        }
        ids.sort();
        Ok(ids)
    }

    fn conversation(&self, id: &TipId) -> Result<PathBuf> {
        let conv = self.dir.join(CONVERSATIONS).join(&id.0);
        if conv.is_dir() { Ok(conv) } else { Err(Error::NotFound(id.0.clone())) }
    }

    /// The message folders of a conversation, by sequence number.
    fn messages(&self, conv: &Path) -> Result<Vec<(MessageName, PathBuf)>> {
        let mut out = Vec::new();
        for entry in fs::read_dir(conv).map_err(|e| Error::io(conv, e))? {
            let entry = entry.map_err(|e| Error::io(conv, e))?;
            if let Some(m) = MessageName::parse(&entry.file_name().to_string_lossy()) {
                out.push((m, entry.path()));
            }
        }
        out.sort_by_key(|(m, _)| m.seq);
        Ok(out)
    }

    /// A summary of every conversation, newest first (by last day, then id).
    pub fn list(&self) -> Result<Vec<TipSummary>> {
        let mut out = Vec::new();
        for id in self.ids()? {
            out.push(self.summary(&id)?);
        }
        out.sort_by(|a, b| b.last_day.cmp(&a.last_day).then(a.id.cmp(&b.id)));
        Ok(out)
    }

    /// One conversation's summary.
    pub fn summary(&self, id: &TipId) -> Result<TipSummary> {
        let conv = self.conversation(id)?;
        let messages = self.messages(&conv)?;
        let mut s = TipSummary {
            id: id.clone(),
            first_day: messages.first().map(|(m, _)| m.day.clone()).unwrap_or_default(),
            last_day: messages.iter().map(|(m, _)| m.day.clone()).max().unwrap_or_default(),
            source_messages: 0,
            attachments: 0,
            uncleaned_attachments: 0,
            team_replies: 0,
        };
        for (m, path) in &messages {
            match m.role {
                Role::Team => s.team_replies += 1,
                Role::Source => {
                    s.source_messages += 1;
                    let files = attachment_files(path)?;
                    s.attachments += files.len();
                    s.uncleaned_attachments += files.iter().filter(|(_, _, c)| c.is_none()).count();
                }
            }
        }
        Ok(s)
    }

    /// Opens a whole conversation with an analyst's identities.
    pub fn read(&self, id: &TipId, identities: &[&dyn age::Identity]) -> Result<Vec<MessageView>> {
        let conv = self.conversation(id)?;
        let mut out = Vec::new();
        for (m, path) in self.messages(&conv)? {
            let text_file = path.join(if m.role == Role::Team { TEAM_COPY_FILE } else { MESSAGE_FILE });
            let text = seal::open_file(&text_file, identities, MAX_OPEN_TEXT_BYTES)?;
            let text = Zeroizing::new(String::from_utf8_lossy(&text).into_owned());
            let (manifest, files) = if m.role == Role::Source {
                let manifest_path = path.join(MANIFEST_FILE);
                let raw = seal::open_file(&manifest_path, identities, MAX_OPEN_TEXT_BYTES)?;
                let manifest: Manifest = serde_json::from_slice(&raw)
                    .map_err(|e| Error::Manifest { path: manifest_path.clone(), reason: e.to_string() })?;
                let found = attachment_files(&path)?;
                let files = found
                    .into_iter()
                    .map(|(n, orig, cleaned)| {
                        let entry =
                            manifest.attachments.iter().find(|a| a.n == n).cloned().unwrap_or_else(|| {
                                AttachmentEntry {
                                    n,
                                    name: format!("attachment-{n}"),
                                    declared_type: String::new(),
                                    kind: Kind::Other,
                                    bytes: 0,
                                    cleaned: None,
                                    not_cleaned: Some("not in the manifest".into()),
                                }
                            });
                        (entry, orig, cleaned)
                    })
                    .collect();
                (Some(manifest), files)
            } else {
                (None, Vec::new())
            };
            out.push(MessageView { seq: m.seq, day: m.day, role: m.role, text, manifest, files });
        }
        Ok(out)
    }

    /// The recipient that replies to this conversation's source are sealed to.
    pub fn reply_recipient(&self, id: &TipId) -> Result<x25519::Recipient> {
        let path = self.conversation(id)?.join(REPLY_RECIPIENT_FILE);
        let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        crate::keys::parse_recipient(&path.display().to_string(), &text)
    }

    /// Stages a reply from the team: one copy for the source, one for the team.
    pub fn stage_team_reply(&self, id: &TipId, text: &str, team: &[x25519::Recipient]) -> Result<Staged> {
        if text.trim().is_empty() {
            return Err(Error::EmptyReply);
        }
        let to_source = self.reply_recipient(id)?;
        let staged = self.stage()?;
        let dir = staged.message_dir();
        seal::seal_to_file(&dir.join(TO_SOURCE_FILE), &[to_source], text.as_bytes())?;
        seal::seal_to_file(&dir.join(TEAM_COPY_FILE), team, text.as_bytes())?;
        Ok(staged)
    }

    /// The team's replies in a conversation, opened with the source's codename-derived identity.
    pub fn replies_for_source(&self, id: &TipId, identity: &x25519::Identity) -> Result<Vec<ReplyView>> {
        let conv = self.conversation(id)?;
        let mut out = Vec::new();
        for (m, path) in self.messages(&conv)? {
            if m.role == Role::Team {
                let raw = seal::open_file(&path.join(TO_SOURCE_FILE), &[identity], MAX_OPEN_TEXT_BYTES)?;
                out.push(ReplyView {
                    day: m.day,
                    text: Zeroizing::new(String::from_utf8_lossy(&raw).into_owned()),
                });
            }
        }
        Ok(out)
    }
}

/// The attachments of a message folder: number, sealed original, sealed cleaned copy.
type AttachmentFiles = Vec<(u32, PathBuf, Option<PathBuf>)>;

/// The attachments in a message folder, by number.
fn attachment_files(dir: &Path) -> Result<AttachmentFiles> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let name = entry.map_err(|e| Error::io(dir, e))?.file_name().to_string_lossy().into_owned();
        if let Some(n) = name.strip_suffix(".original.age").and_then(|n| n.parse::<u32>().ok()) {
            let cleaned = dir.join(format!("{n:02}.cleaned.age"));
            out.push((n, dir.join(&name), cleaned.is_file().then_some(cleaned)));
        }
    }
    out.sort_by_key(|(n, _, _)| *n);
    Ok(out)
}

/// Flushes every file under `root` to disk and sets every time to the day.
fn settle(root: &Path, day: &str) -> Result<()> {
    for entry in fs::read_dir(root).map_err(|e| Error::io(root, e))? {
        let path = entry.map_err(|e| Error::io(root, e))?.path();
        if path.is_dir() {
            settle(&path, day)?;
        } else {
            fs::File::open(&path).and_then(|f| f.sync_all()).map_err(|e| Error::io(&path, e))?;
            fsutil::set_day_times(&path, day)?;
        }
    }
    fsutil::sync_dir(root)?;
    fsutil::set_day_times(root, day)
}

fn is_taken(e: &std::io::Error) -> bool {
    matches!(e.kind(), std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::DirectoryNotEmpty)
}

/// Lists the tips in a tips folder: metadata only, no key needed (for the analyst UI).
pub fn list_tips(tips_dir: &Path) -> Result<Vec<TipSummary>> {
    Vault::open(tips_dir, false)?.list()
}

/// Decrypts a sealed attachment into `out` as a stream, with an analyst's identities.
pub fn open_attachment_to(
    path: &Path,
    identities: &[&dyn age::Identity],
    out: &mut dyn std::io::Write,
) -> Result<u64> {
    let file = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let fail = |reason: String| Error::Open { path: path.to_path_buf(), reason };
    let decryptor =
        age::Decryptor::new_buffered(std::io::BufReader::new(file)).map_err(|e| fail(e.to_string()))?;
    let mut reader = decryptor.decrypt(identities.iter().copied()).map_err(|e| fail(e.to_string()))?;
    let mut buf = Zeroizing::new(vec![0u8; 64 * 1024]);
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buf).map_err(|e| fail(e.to_string()))?;
        if n == 0 {
            return Ok(total);
        }
        out.write_all(&buf[..n]).map_err(|e| fail(format!("could not write the output: {e}")))?;
        total += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_round_trip_and_reject_others() {
        let m = MessageName { seq: 12, day: "2026-11-29".into(), role: Role::Team };
        assert_eq!(m.render(), "0012-2026-11-29-team");
        assert_eq!(MessageName::parse(&m.render()), Some(m));
        for bad in
            ["0001-2026-13-01-source", "x-2026-11-29-source", "0001-2026-11-29-other", "0001", "lookup"]
        {
            assert_eq!(MessageName::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn tip_ids_have_one_shape() {
        let id = TipId::generate();
        assert_eq!(TipId::parse(id.as_str()).unwrap(), id);
        assert!(TipId::parse("../../etc").is_err());
        assert!(TipId::parse("ABCDEFGHJK").is_err());
    }

    #[test]
    fn file_names_lose_their_paths_and_control_characters() {
        assert_eq!(tidy_file_name("C:\\Users\\kim\\photo.jpg"), "photo.jpg");
        assert_eq!(tidy_file_name("../../.bashrc"), "bashrc");
        assert_eq!(tidy_file_name("a\u{0}b\nc.txt"), "abc.txt");
        assert_eq!(tidy_file_name(""), "attachment");
        assert_eq!(tidy_file_name(&"x".repeat(500)).len(), MAX_FILE_NAME_CHARS);
    }

    #[test]
    fn a_dropped_stage_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::open(dir.path(), true).unwrap();
        let staged = v.stage().unwrap();
        let team = vec![x25519::Identity::generate().to_public()];
        let mut d = v.draft(&staged, team);
        d.message().unwrap().write(b"half a tip").unwrap();
        drop(d);
        drop(staged);
        assert_eq!(fs::read_dir(dir.path().join(STAGING)).unwrap().count(), 0);
        assert_eq!(fs::read_dir(dir.path().join(CONVERSATIONS)).unwrap().count(), 0);
    }
}
