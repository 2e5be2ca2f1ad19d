//! Stage 5, **write**: put the rendered files on disk atomically. Files go
//! into a fresh temporary folder beside the output folder ([`Staging`]),
//! chunk by chunk as they are rendered, so memory does not hold the whole
//! site; the site-wide data files, which grow with the site, are streamed
//! into it as they are made ([`Staging::streams`], the build's
//! [`crate::render::Output`]). Only when every file is written is the old
//! output moved aside and
//! the new one renamed into place. Any failure leaves the previous output
//! untouched and removes the temporary folder. Before any of this,
//! [`guard::check_output`] decides whether the output folder is gongkai's
//! to replace at all; every build leaves [`guard::MARKER`] in it, and the
//! integrity [`manifest`] (`manifest.sha256`), hashed as files are written.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::render::Rendered;

pub mod guard;
pub mod manifest;

/// A temporary folder beside the output, filled in steps and swapped in by
/// [`Staging::commit`]. Dropped without commit, it is removed and the
/// previous output stays as it was. Several threads may write into it at
/// once ([`Staging::write`] takes `&self`).
pub struct Staging {
    dir: Option<tempfile::TempDir>,
    output: PathBuf,
    parent: PathBuf,
    name: String,
    written: AtomicUsize,
    /// `(path, sha256 hex)` of every file written so far, in no particular
    /// order (the manifest sorts them).
    hashes: Mutex<Vec<(String, String)>>,
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging> {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| Error::io("creating", &parent, e))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.new-"))
            .tempdir_in(&parent)
            .map_err(|e| Error::io("creating a temporary folder in", &parent, e))?;
        Ok(Staging {
            dir: Some(dir),
            output: output.to_path_buf(),
            parent,
            name,
            written: AtomicUsize::new(0),
            hashes: Mutex::new(Vec::new()),
        })
    }

    /// Writes files (paths relative to the output folder) and hashes them
    /// for the manifest, in parallel; returns `(path, sha256 hex)` of each.
    pub fn write<B: AsRef<[u8]> + Sync>(&self, files: &[(String, B)]) -> Result<Vec<(String, String)>> {
        let root = self.dir.as_ref().expect("staging folder exists until commit").path();
        let hashes: Vec<(String, String)> = files
            .par_iter()
            .map(|(rel, bytes)| {
                let dest = destination(root, rel)?;
                let bytes = bytes.as_ref();
                fs::write(&dest, bytes).map_err(|e| Error::io("writing", &dest, e))?;
                Ok((rel.clone(), manifest::sha256_hex(bytes)))
            })
            .collect::<Result<_>>()?;
        self.hashes().extend(hashes.iter().cloned());
        self.written.fetch_add(files.len(), Ordering::Relaxed);
        Ok(hashes)
    }

    /// Writes the files `rels` side by side as `fill` makes them (one
    /// writer per path, in that order), each through a buffer and hashed
    /// on the way; returns each one's size and SHA-256 (hex). For files
    /// that grow with the site, which are then never held whole in memory.
    /// A failure names the file whose writing failed (the first, when
    /// `fill` itself failed).
    pub fn streams(
        &self,
        rels: &[String],
        fill: &mut dyn FnMut(&mut [&mut (dyn Write + Send)]) -> std::io::Result<()>,
    ) -> Result<Vec<(usize, String)>> {
        let root = self.dir.as_ref().expect("staging folder exists until commit").path();
        let mut dests = Vec::with_capacity(rels.len());
        let mut writers = Vec::with_capacity(rels.len());
        for rel in rels {
            let dest = destination(root, rel)?;
            let file = fs::File::create(&dest).map_err(|e| Error::io("creating", &dest, e))?;
            // Hashed below the buffer, so the hash takes whole blocks.
            writers.push(std::io::BufWriter::with_capacity(
                256 * 1024,
                Hashing {
                    inner: file,
                    hasher: sha2::Sha256::default(),
                    len: 0,
                    failed: false,
                },
            ));
            dests.push(dest);
        }
        let filled = {
            let mut dyns: Vec<&mut (dyn Write + Send)> =
                writers.iter_mut().map(|w| w as &mut (dyn Write + Send)).collect();
            fill(&mut dyns)
        };
        if let Err(e) = filled {
            let failed = writers.iter().position(|w| w.get_ref().failed).unwrap_or(0);
            return Err(Error::io("writing", &dests[failed], e));
        }
        let mut facts = Vec::with_capacity(rels.len());
        for (w, dest) in writers.into_iter().zip(&dests) {
            let h = w.into_inner().map_err(|e| Error::io("writing", dest, e.into_error()))?;
            facts.push((h.len, manifest::hex(&sha2::Digest::finalize(h.hasher))));
        }
        self.hashes()
            .extend(rels.iter().cloned().zip(facts.iter().map(|(_, hash)| hash.clone())));
        self.written.fetch_add(rels.len(), Ordering::Relaxed);
        Ok(facts)
    }

    /// Gives files already written a second path with the same bytes
    /// (`(written, twin, sha256 hex)`): a hard link, so the 关怀版 costs no
    /// bytes and no writing; a copy where the file system has no hard links.
    pub fn link(&self, twins: Vec<(&str, String, &str)>) -> Result<()> {
        let root = self.dir.as_ref().expect("staging folder exists until commit").path();
        twins.par_iter().try_for_each(|(from, to, _)| {
            let src = safe_join(root, from)?;
            let dest = safe_join(root, to)?;
            if let Some(dir) = dest.parent() {
                fs::create_dir_all(dir).map_err(|e| Error::io("creating", dir, e))?;
            }
            if fs::hard_link(&src, &dest).is_err() {
                fs::copy(&src, &dest).map_err(|e| Error::io("copying to", &dest, e))?;
            }
            Ok::<(), Error>(())
        })?;
        self.written.fetch_add(twins.len(), Ordering::Relaxed);
        self.hashes()
            .extend(twins.into_iter().map(|(_, to, hash)| (to, hash.to_string())));
        Ok(())
    }

    /// The hashes so far (a writer that panicked left them whole: each
    /// adds its files' hashes in one step).
    fn hashes(&self) -> std::sync::MutexGuard<'_, Vec<(String, String)>> {
        self.hashes.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Writes the marker and `manifest.sha256`, then swaps the staged folder
    /// in place of the output; returns files written (not counting those two).
    pub fn commit(mut self) -> Result<usize> {
        let staged = self.dir.as_ref().expect("commit happens once").path();
        let marker = staged.join(guard::MARKER);
        fs::write(&marker, guard::MARKER_TEXT).map_err(|e| Error::io("writing", &marker, e))?;
        let list = staged.join(manifest::MANIFEST);
        let text = manifest::render(&mut self.hashes());
        fs::write(&list, text).map_err(|e| Error::io("writing", &list, e))?;
        let dir = self.dir.take().expect("commit happens once").keep();
        swap_in(dir, &self.output, &self.parent, &self.name)?;
        Ok(self.written.into_inner())
    }
}

/// Where `rel` is written below `root`, its folder made; refuses the
/// two files the build writes itself.
fn destination(root: &Path, rel: &str) -> Result<PathBuf> {
    if rel == manifest::MANIFEST || rel == guard::MARKER {
        return Err(Error::Usage(format!(
            "refusing to write `{rel}`: the build writes that file itself"
        )));
    }
    let dest = safe_join(root, rel)?;
    if let Some(dir) = dest.parent() {
        fs::create_dir_all(dir).map_err(|e| Error::io("creating", dir, e))?;
    }
    Ok(dest)
}

/// The build's files that are not pages go straight into the staging folder.
impl crate::render::Output for Staging {
    fn put(&self, files: Vec<(String, Vec<u8>)>) -> Result<()> {
        self.write(&files).map(drop)
    }

    /// Writes the bytes once, under the first path, and hard links the others.
    fn put_copies(&self, paths: Vec<String>, bytes: Vec<u8>) -> Result<(usize, String)> {
        let mut paths = paths.into_iter();
        let Some(first) = paths.next() else {
            return Ok((bytes.len(), manifest::sha256_hex(&bytes)));
        };
        let (_, hash) = self.write(&[(first.clone(), &bytes)])?.remove(0);
        self.link(paths.map(|to| (first.as_str(), to, hash.as_str())).collect())?;
        Ok((bytes.len(), hash))
    }

    fn streams(
        &self,
        paths: Vec<String>,
        fill: &mut dyn FnMut(&mut [&mut (dyn Write + Send)]) -> std::io::Result<()>,
    ) -> Result<Vec<(usize, String)>> {
        Staging::streams(self, &paths, fill)
    }
}

/// A writer that hashes and counts what goes through it, and remembers
/// whether writing failed.
struct Hashing<W: Write> {
    inner: W,
    hasher: sha2::Sha256,
    len: usize,
    failed: bool,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf).inspect_err(|_| self.failed = true)?;
        sha2::Digest::update(&mut self.hasher, &buf[..n]);
        self.len += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes `rendered` to `output` atomically, replacing what was there.
/// Returns the number of files written.
pub fn write_atomically(rendered: &Rendered, output: &Path) -> Result<usize> {
    let staging = Staging::new(output)?;
    staging.write(&rendered.files)?;
    staging.commit()
}

/// Moves `new` to `output`, removing the previous output afterwards.
fn swap_in(new: PathBuf, output: &Path, parent: &Path, name: &str) -> Result<()> {
    if output.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(parent)
            .map_err(|e| Error::io("creating a temporary folder in", parent, e))?;
        let old_path = old.path().join("previous");
        fs::rename(output, &old_path).map_err(|e| Error::io("moving aside", output, e))?;
        if let Err(e) = fs::rename(&new, output) {
            // Put the previous site back before reporting.
            let _ = fs::rename(&old_path, output);
            let _ = fs::remove_dir_all(&new);
            return Err(Error::io("replacing", output, e));
        }
        remove_previous(&old.keep());
    } else {
        fs::rename(&new, output).map_err(|e| Error::io("creating", output, e))?;
    }
    Ok(())
}

/// Threads that unlink the previous output. Removing files is mostly
/// waiting on the disk, so more threads than cores overlap the waits: a
/// 10,000-project output (48,000 files) took 6.4 s to remove with one
/// thread and 2.9 s with eight on the reference machine.
const REMOVE_THREADS: usize = 8;

/// Removes the previous output once the new one is in place, in parallel
/// (the `remove_dir_all` crate opens each folder once and never follows a
/// symbolic link out of the tree). Best effort, as the build has already
/// succeeded: whatever is left stays in the hidden `.NAME.old-*` folder.
fn remove_previous(dir: &Path) {
    let remover = remove_dir_all::RemoverBuilder::new().parallel().build();
    let remove = || remover.remove_dir_all(dir);
    let removed = match rayon::ThreadPoolBuilder::new().num_threads(REMOVE_THREADS).build() {
        Ok(pool) => pool.install(remove),
        Err(_) => remove(),
    };
    if removed.is_err() {
        let _ = fs::remove_dir_all(dir);
    }
}

/// Joins a relative output path, refusing anything that would leave `root`.
fn safe_join(root: &Path, rel: &str) -> Result<PathBuf> {
    let p = Path::new(rel);
    let ok = !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if !ok {
        return Err(Error::Usage(format!(
            "refusing to write `{rel}`: output paths must stay inside the output folder"
        )));
    }
    Ok(root.join(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape() {
        let root = Path::new("/out");
        assert!(safe_join(root, "../etc/passwd").is_err());
        assert!(safe_join(root, "/etc/passwd").is_err());
        assert!(safe_join(root, "a/./b").is_ok());
        assert!(safe_join(root, "plans/hebei/2023/index.html").is_ok());
    }

    #[test]
    fn streamed_files_are_written_hashed_and_listed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let staging = Staging::new(&out).unwrap();
        let big = "行".repeat(200_000);
        let paths = ["data/plans.json".to_string(), "data/projects.csv".to_string()];
        let facts = staging
            .streams(&paths, &mut |w| {
                w[0].write_all(big.as_bytes())?;
                w[1].write_all(b"id\n")?;
                w[0].write_all(b"\n")
            })
            .unwrap();
        let want = format!("{big}\n");
        assert_eq!(
            facts,
            [
                (want.len(), manifest::sha256_hex(want.as_bytes())),
                (3, manifest::sha256_hex(b"id\n"))
            ]
        );
        // A failing writer fails the file, naming it; the staged build goes on.
        let both = ["data/x.csv".to_string(), "data/y.csv".to_string()];
        let failed = staging.streams(&both, &mut |_| Err(std::io::Error::other("disk full")));
        let message = failed.unwrap_err().to_string();
        assert!(message.contains("x.csv") && message.contains("disk full"), "{message}");
        assert!(staging
            .streams(&[manifest::MANIFEST.to_string()], &mut |_| Ok(()))
            .is_err());
        staging.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("data/plans.json")).unwrap(), want);
        let listed = fs::read_to_string(out.join(manifest::MANIFEST)).unwrap();
        assert!(listed.contains(&format!("{}  data/plans.json", facts[0].1)), "{listed}");
        assert!(
            listed.contains(&format!("{}  data/projects.csv", facts[1].1)),
            "{listed}"
        );
    }

    #[test]
    fn copies_are_written_once_and_each_listed() {
        use crate::render::Output;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let staging = Staging::new(&out).unwrap();
        let paths = vec![
            "data/t.csv".to_string(),
            "plans/t.csv".into(),
            "en/plans/a/t.csv".into(),
        ];
        let (size, hash) = staging.put_copies(paths.clone(), b"a,b\n1,2\n".to_vec()).unwrap();
        assert_eq!((size, hash.as_str()), (8, manifest::sha256_hex(b"a,b\n1,2\n").as_str()));
        assert_eq!(staging.put_copies(Vec::new(), b"x".to_vec()).unwrap().0, 1);
        assert_eq!(staging.commit().unwrap(), 3);
        let listed = fs::read_to_string(out.join(manifest::MANIFEST)).unwrap();
        for path in &paths {
            assert_eq!(fs::read(out.join(path)).unwrap(), b"a,b\n1,2\n");
            assert!(listed.contains(&format!("{hash}  {path}")), "{listed}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let inode = |p: &str| fs::metadata(out.join(p)).unwrap().ino();
            assert!(
                paths.iter().all(|p| inode(p) == inode(&paths[0])),
                "one file, hard linked"
            );
        }
    }

    #[test]
    fn replaces_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let r = Rendered {
            files: vec![("a.txt".into(), b"1".to_vec())],
            pages_per_lang: [0, 0],
        };
        write_atomically(&r, &out).unwrap();
        let r2 = Rendered {
            files: vec![("b.txt".into(), b"2".to_vec())],
            pages_per_lang: [0, 0],
        };
        write_atomically(&r2, &out).unwrap();
        assert!(!out.join("a.txt").exists());
        assert_eq!(fs::read(out.join("b.txt")).unwrap(), b"2");
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary folders left behind");
    }

    #[test]
    fn the_previous_output_is_removed_without_following_links_out_of_it() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("keep");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("precious.txt"), "mine").unwrap();
        let out = dir.path().join("public");
        let files = (0..200)
            .map(|i| (format!("d{}/e{}/p{i}/index.html", i % 7, i % 3), vec![b'x'; i]))
            .collect();
        write_atomically(
            &Rendered {
                files,
                pages_per_lang: [0, 0],
            },
            &out,
        )
        .unwrap();
        fs::hard_link(out.join("d0/e0/p0/index.html"), out.join("d0/twin.html")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, out.join("d1/link")).unwrap();
        let next = Rendered {
            files: vec![("index.html".into(), b"new".to_vec())],
            pages_per_lang: [0, 0],
        };
        write_atomically(&next, &out).unwrap();
        let mut names: Vec<_> = fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        assert_eq!(names, [guard::MARKER, "index.html", manifest::MANIFEST]);
        assert_eq!(fs::read_to_string(outside.join("precious.txt")).unwrap(), "mine");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "only the output and `keep`"
        );
    }
}
