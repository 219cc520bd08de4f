//! Which paths are documents: the lazy, sorted walk behind [`crate::inputs`].
//!
//! Rules, in the order they apply:
//! - `-` is standard input.
//! - A path named on the command line is always yielded if it exists, whatever its name: the
//!   user asked for it, so if it is not a report `load` says why. A missing path is an error
//!   naming it, and the walk goes on with the other paths.
//! - A folder holding a `text.txt` is one corpus document ([`Input::CorpusDir`]); nothing
//!   inside it is walked further (its `meta.json` and `gold.json` belong to it).
//! - Other folders are walked depth-first, entries sorted by name (byte order), one directory
//!   listing in memory per level of the current path — never the whole tree.
//! - Inside folders, these are skipped **quietly**, because they are never reports and saying
//!   so for each would bury the messages that matter: hidden entries (a name starting with
//!   `.`), `meta.json` and `gold.json` (corpus sidecars), a folder's own documentation
//!   (`README`, `README.md`, `LICENSE`: a corpus describes itself, it is not a report),
//!   media and web assets (images, audio,
//!   video, fonts, CSS, JavaScript), and the `X_files` folder a browser writes beside a saved
//!   page `X.html`. Symbolic links to folders are not followed (a link can make a loop);
//!   links to files are.
//! - Every other file is yielded, including ones tally cannot read (`.pdf`, `.docx`, `.json`):
//!   a user who dropped a PDF into the folder should hear that it was not read, and `load`
//!   tells them why.
//!
//! It does not open files or look at their contents: that is `load`'s job.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use crate::problem::Problem;
use crate::{Error, Input, Result};

/// Extensions of files that accompany reports but never are one (compared lowercase).
const NOT_DOCUMENTS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "svg", "ico", "bmp", "tif", "tiff", "heic", "avif", "mp3", "m4a",
    "wav", "ogg", "flac", "mp4", "m4v", "mov", "avi", "mkv", "webm", "woff", "woff2", "ttf", "otf", "eot",
    "css", "js", "mjs", "map",
];

/// File names inside folders that belong to the corpus layout or describe the folder, rather
/// than being documents (compared lowercase).
const SIDECARS: &[&str] = &[
    "meta.json",
    "gold.json",
    "readme",
    "readme.md",
    "readme.txt",
    "license",
    "license.md",
    "license.txt",
    "changelog.md",
];

/// The iterator [`crate::inputs`] returns.
#[derive(Debug)]
pub struct Inputs {
    roots: std::vec::IntoIter<PathBuf>,
    /// One sorted listing per folder on the current path, the deepest last.
    stack: Vec<std::vec::IntoIter<Entry>>,
}

#[derive(Debug)]
struct Entry {
    path: PathBuf,
    is_dir: bool,
}

impl Inputs {
    pub fn new(paths: Vec<PathBuf>) -> Inputs {
        Inputs { roots: paths.into_iter(), stack: Vec::new() }
    }

    /// A folder becomes a corpus document or a listing pushed on the stack.
    fn enter(&mut self, dir: PathBuf) -> Option<Result<Input>> {
        if is_corpus_dir(&dir) {
            return Some(Ok(Input::CorpusDir(dir)));
        }
        match list(&dir) {
            Ok(entries) => {
                self.stack.push(entries.into_iter());
                None
            }
            Err(problem) => Some(Err(Error::new(dir.display().to_string(), problem))),
        }
    }

    fn root(&mut self, path: PathBuf) -> Option<Result<Input>> {
        if path.as_os_str() == "-" {
            return Some(Ok(Input::Stdin));
        }
        match fs::metadata(&path) {
            Ok(m) if m.is_dir() => self.enter(path),
            Ok(_) => Some(Ok(Input::File(path))),
            Err(e) => {
                // A dangling link exists as a name but not as a target: say which it is.
                let problem =
                    if fs::symlink_metadata(&path).is_ok() { Problem::BrokenLink } else { e.into() };
                Some(Err(Error::new(path.display().to_string(), problem)))
            }
        }
    }
}

impl Iterator for Inputs {
    type Item = Result<Input>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(level) = self.stack.last_mut() {
                match level.next() {
                    Some(Entry { path, is_dir: true }) => {
                        if let Some(item) = self.enter(path) {
                            return Some(item);
                        }
                    }
                    Some(Entry { path, is_dir: false }) => return Some(Ok(Input::File(path))),
                    None => {
                        self.stack.pop();
                    }
                }
                continue;
            }
            let path = self.roots.next()?;
            if let Some(item) = self.root(path) {
                return Some(item);
            }
        }
    }
}

fn is_corpus_dir(dir: &Path) -> bool {
    dir.join("text.txt").is_file()
}

/// One folder's entries worth visiting, sorted by name.
fn list(dir: &Path) -> Result<Vec<Entry>, Problem> {
    let mut names: Vec<(OsString, PathBuf, bool)> = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let path = entry.path();
        let file_type = entry.file_type()?;
        let is_dir = if file_type.is_symlink() {
            match fs::metadata(&path) {
                // Links to folders are not followed; see the module doc.
                Ok(m) if m.is_dir() => continue,
                Ok(_) => false,
                // A dangling link is yielded as a file so that `load` reports it by name.
                Err(_) => false,
            }
        } else {
            file_type.is_dir()
        };
        names.push((name, path, is_dir));
    }
    names.sort_by(|a, b| a.0.as_encoded_bytes().cmp(b.0.as_encoded_bytes()));
    let saved_pages: Vec<&[u8]> = names
        .iter()
        .filter(|(_, _, is_dir)| !is_dir)
        .filter_map(|(name, _, _)| saved_page_stem(name.as_encoded_bytes()))
        .collect();
    let keep = |name: &OsString, is_dir: bool| -> bool {
        let bytes = name.as_encoded_bytes();
        if bytes.starts_with(b".") {
            return false;
        }
        if is_dir {
            return match bytes.strip_suffix(b"_files") {
                Some(stem) => !saved_pages.contains(&stem),
                None => true,
            };
        }
        let lower = name.to_string_lossy().to_lowercase();
        if SIDECARS.contains(&lower.as_str()) {
            return false;
        }
        match lower.rsplit_once('.') {
            Some((_, ext)) => !NOT_DOCUMENTS.contains(&ext),
            None => true,
        }
    };
    let kept: Vec<bool> = names.iter().map(|(name, _, is_dir)| keep(name, *is_dir)).collect();
    Ok(names
        .into_iter()
        .zip(kept)
        .filter(|(_, keep)| *keep)
        .map(|((_, path, is_dir), _)| Entry { path, is_dir })
        .collect())
}

/// `X` for a file named `X.html` or `X.htm`: a browser's "save page, complete" writes its
/// images and scripts to a folder `X_files` beside it.
fn saved_page_stem(name: &[u8]) -> Option<&[u8]> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(b".html") {
        Some(&name[..name.len() - 5])
    } else if lower.ends_with(b".htm") {
        Some(&name[..name.len() - 4])
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "x").unwrap();
    }

    fn names(root: &Path, items: Vec<Result<Input>>) -> Vec<String> {
        items
            .into_iter()
            .map(|item| match item {
                Ok(Input::File(p)) => format!("file {}", p.strip_prefix(root).unwrap().display()),
                Ok(Input::CorpusDir(p)) => format!("corpus {}", p.strip_prefix(root).unwrap().display()),
                Ok(Input::Stdin) => "stdin".to_owned(),
                Err(e) => format!("error {e}"),
            })
            .collect()
    }

    #[test]
    fn walks_sorted_depth_first_and_skips_non_documents() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for p in [
            "b.html",
            "a.txt",
            "c/z.md",
            "c/a.txt",
            "c/photo.JPG",
            "c/.hidden.txt",
            ".git/config",
            "doc1/text.txt",
            "doc1/meta.json",
            "doc1/gold.json",
            "doc1/extra/nested.txt",
            "stray/meta.json",
            "stray/gold.json",
            "page.html",
            "page_files/ad.html",
            "page_files/style.css",
            "other_files/kept.txt",
            "report.pdf",
        ] {
            touch(&root.join(p));
        }
        let got = names(root, Inputs::new(vec![root.to_path_buf()]).collect());
        assert_eq!(
            got,
            [
                "file a.txt",
                "file b.html",
                "file c/a.txt",
                "file c/z.md",
                "corpus doc1",
                "file other_files/kept.txt",
                "file page.html",
                "file report.pdf",
            ]
        );
    }

    #[test]
    fn a_missing_path_is_an_error_and_the_walk_goes_on() {
        let tmp = tempfile::tempdir().unwrap();
        touch(&tmp.path().join("one.txt"));
        let missing = tmp.path().join("missing.txt");
        let items: Vec<_> = Inputs::new(vec![
            missing.clone(),
            PathBuf::from("-"),
            tmp.path().join("one.txt"),
            tmp.path().join(".explicit-hidden"),
        ])
        .collect();
        assert_eq!(items.len(), 4);
        assert_eq!(
            items[0].as_ref().unwrap_err().to_string(),
            format!("{}: no such file or directory", missing.display())
        );
        assert_eq!(items[1].as_ref().unwrap(), &Input::Stdin);
        assert_eq!(items[2].as_ref().unwrap(), &Input::File(tmp.path().join("one.txt")));
        assert!(items[3].as_ref().unwrap_err().to_string().ends_with(": no such file or directory"));
    }

    #[test]
    fn a_named_corpus_folder_is_one_document_and_a_named_file_is_never_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        touch(&tmp.path().join("doc/text.txt"));
        touch(&tmp.path().join("pic.png"));
        let items: Vec<_> = Inputs::new(vec![tmp.path().join("doc"), tmp.path().join("pic.png")])
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(
            items,
            [Input::CorpusDir(tmp.path().join("doc")), Input::File(tmp.path().join("pic.png"))]
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_to_folders_are_not_followed_and_broken_links_are_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        touch(&root.join("sub/a.txt"));
        std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("sub/a.txt"), root.join("sub/b.txt")).unwrap();
        std::os::unix::fs::symlink(root.join("gone.txt"), root.join("dangling.txt")).unwrap();
        let got = names(root, Inputs::new(vec![root.join("sub")]).collect());
        assert_eq!(got, ["file sub/a.txt", "file sub/b.txt"]);
        let got: Vec<_> = Inputs::new(vec![root.join("dangling.txt")]).collect();
        assert_eq!(
            got[0].as_ref().unwrap_err().to_string(),
            format!("{}: is a broken symbolic link", root.join("dangling.txt").display())
        );
    }
}
