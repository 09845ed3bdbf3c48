//! How much memory this process may use: the smaller of physical memory and
//! its cgroup's limit, so that a batch in a container limited to 2 GiB on a
//! 64 GiB host is not budgeted 16 GiB and killed by the container's OOM
//! killer.
//!
//! The cgroup is the one `/proc/self/cgroup` names: on cgroup v2 (`0::path`)
//! `memory.max` under the `cgroup2` mount (`max` = no limit); on v1 the
//! `memory` controller's `memory.limit_in_bytes` (2^62 and above = no
//! limit). Mount points and the mount's own root (non-`/` inside a container
//! with a cgroup namespace) come from `/proc/self/mountinfo`. The cgroup
//! and each ancestor up to the mount point are read, and the smallest limit
//! wins: a parent's limit binds its children too.

use std::path::{Path, PathBuf};

/// Bytes this process may use, or `None` where neither physical memory
/// nor a cgroup limit can be read.
pub(crate) fn available() -> Option<u64> {
    available_under(Path::new("/proc"), Path::new("/"))
}

/// [`available`] with `/proc` at `proc` and every mount point read below
/// `root` (the tests' fake trees).
pub(crate) fn available_under(proc: &Path, root: &Path) -> Option<u64> {
    let physical = std::fs::read_to_string(proc.join("meminfo"))
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map(|kib| kib.saturating_mul(1024));
    let cgroup = cgroup_limit(proc, root);
    match (physical, cgroup) {
        (Some(p), Some(c)) => Some(p.min(c)),
        (p, c) => p.or(c),
    }
}

/// The smallest memory limit on this process's cgroup and its ancestors.
fn cgroup_limit(proc: &Path, root: &Path) -> Option<u64> {
    let cgroups = std::fs::read_to_string(proc.join("self/cgroup")).ok()?;
    let mountinfo = std::fs::read_to_string(proc.join("self/mountinfo")).ok()?;
    let mut limit: Option<u64> = None;
    for line in cgroups.lines() {
        let mut fields = line.splitn(3, ':');
        let (Some(id), Some(controllers), Some(path)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let (version, file) = if id == "0" && controllers.is_empty() {
            (Version::V2, "memory.max")
        } else if controllers.split(',').any(|c| c == "memory") {
            (Version::V1, "memory.limit_in_bytes")
        } else {
            continue;
        };
        let Some((mount_point, mount_root)) = find_mount(&mountinfo, version) else {
            continue;
        };
        // The cgroup's path relative to the mount's root.
        let relative = path
            .strip_prefix(mount_root.as_str())
            .unwrap_or(path)
            .trim_start_matches('/');
        let top = root.join(mount_point.trim_start_matches('/'));
        let mut dir: PathBuf = top.join(relative);
        loop {
            if let Some(bytes) = read_limit(&dir.join(file)) {
                limit = Some(limit.map_or(bytes, |l| l.min(bytes)));
            }
            if dir == top || !dir.pop() || !dir.starts_with(&top) {
                break;
            }
        }
    }
    limit
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Version {
    V1,
    V2,
}

/// The mount point and mount root of the v2 hierarchy, or of the v1
/// hierarchy with the memory controller, from mountinfo's lines:
/// `id parent dev root mount-point options [optional...] - fstype source super-options`.
fn find_mount(mountinfo: &str, version: Version) -> Option<(String, String)> {
    mountinfo.lines().find_map(|line| {
        let (left, right) = line.split_once(" - ")?;
        let mut left = left.split(' ');
        let mount_root = left.nth(3)?;
        let mount_point = left.next()?;
        let mut right = right.split(' ');
        let fstype = right.next()?;
        let super_options = right.nth(1).unwrap_or("");
        let fits = match version {
            Version::V2 => fstype == "cgroup2",
            Version::V1 => fstype == "cgroup" && super_options.split(',').any(|o| o == "memory"),
        };
        fits.then(|| (unescape(mount_point), unescape(mount_root)))
    })
}

/// mountinfo writes spaces and a few other bytes as octal escapes (`\040`).
fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut rest = field;
    while let Some(at) = rest.find('\\') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let code = rest
            .get(at + 1..at + 4)
            .and_then(|o| u8::from_str_radix(o, 8).ok());
        match code {
            Some(byte) => {
                out.push(char::from(byte));
                rest = rest.get(at + 4..).unwrap_or("");
            }
            None => {
                out.push('\\');
                rest = rest.get(at + 1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// A limit file's value, or `None` for no limit (`max`, or v1's 2^62 and
/// above) or no readable file.
fn read_limit(file: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(file).ok()?;
    let bytes = text.trim().parse::<u64>().ok()?;
    (bytes < 1 << 62).then_some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake `/proc` and cgroup tree under a temporary folder.
    struct Tree(PathBuf);

    impl Tree {
        fn new(name: &str) -> Self {
            let dir =
                std::env::temp_dir().join(format!("hashport-cgroup-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Self(dir)
        }
        fn file(&self, path: &str, text: &str) -> &Self {
            let path = self.0.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
            self
        }
        fn available(&self) -> Option<u64> {
            available_under(&self.0.join("proc"), &self.0)
        }
    }

    impl Drop for Tree {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const MEMINFO_64G: &str = "MemTotal:       67108864 kB\nMemFree: 1 kB\n";
    const GIB: u64 = 1 << 30;

    #[test]
    fn v2_limit_in_a_container_with_a_cgroup_namespace() {
        let t = Tree::new("v2");
        t.file("proc/meminfo", MEMINFO_64G)
            .file("proc/self/cgroup", "0::/\n")
            .file(
                "proc/self/mountinfo",
                "22 1 0:20 / / rw - overlay overlay rw\n\
                 30 22 0:26 / /sys/fs/cgroup ro,nosuid - cgroup2 cgroup2 rw,nsdelegate\n",
            )
            .file("sys/fs/cgroup/memory.max", "2147483648\n");
        assert_eq!(t.available(), Some(2 * GIB));
    }

    #[test]
    fn v2_max_means_no_limit_and_a_parent_limit_binds() {
        let t = Tree::new("v2-parent");
        t.file("proc/meminfo", MEMINFO_64G)
            .file("proc/self/cgroup", "0::/system.slice/app.service\n")
            .file(
                "proc/self/mountinfo",
                "30 22 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n",
            )
            .file("sys/fs/cgroup/system.slice/app.service/memory.max", "max\n")
            .file("sys/fs/cgroup/system.slice/memory.max", "4294967296\n");
        assert_eq!(t.available(), Some(4 * GIB));
        t.file("sys/fs/cgroup/system.slice/memory.max", "max\n");
        assert_eq!(t.available(), Some(64 * GIB), "no limit: physical memory");
    }

    #[test]
    fn v1_hybrid_memory_controller_and_a_mount_root() {
        let t = Tree::new("v1");
        t.file("proc/meminfo", MEMINFO_64G)
            .file(
                "proc/self/cgroup",
                "9:name=systemd:/\n4:memory:/docker/abc\n1:cpu:/\n0::/\n",
            )
            .file(
                "proc/self/mountinfo",
                "35 31 0:32 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n\
                 41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n",
            )
            // Inside the namespace the container's cgroup is the mount's top.
            .file("sys/fs/cgroup/memory/memory.limit_in_bytes", "1073741824\n")
            .file("sys/fs/cgroup/unified/memory.max", "max\n");
        assert_eq!(t.available(), Some(GIB));
    }

    #[test]
    fn v1_unlimited_is_2_to_the_62_and_above() {
        let t = Tree::new("v1-unlimited");
        t.file("proc/meminfo", MEMINFO_64G)
            .file("proc/self/cgroup", "4:memory:/process_api/x\n")
            .file(
                "proc/self/mountinfo",
                "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n",
            )
            .file(
                "sys/fs/cgroup/memory/process_api/x/memory.limit_in_bytes",
                "9223372036854771712\n",
            );
        assert_eq!(t.available(), Some(64 * GIB));
    }

    #[test]
    fn no_cgroup_files_fall_back_to_physical_memory() {
        let t = Tree::new("none");
        t.file("proc/meminfo", MEMINFO_64G);
        assert_eq!(t.available(), Some(64 * GIB));
        let empty = Tree::new("empty");
        assert_eq!(empty.available(), None);
    }

    #[test]
    fn mountinfo_escapes() {
        assert_eq!(unescape(r"/a\040b"), "/a b");
        assert_eq!(unescape(r"/a\\"), r"/a\\");
    }

    #[test]
    fn this_machine_reports_something() {
        let bytes = available().unwrap();
        assert!(bytes > 0);
    }
}
