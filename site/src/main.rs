//! Builds the browser half of Wellspring into `target/site`:
//!
//! 1. the `frontend` crate for `wasm32-unknown-unknown`, linked with relocations kept;
//! 2. the wasm split at every `#[lazy]` and lazy route, so an area's code is fetched when someone
//!    first goes there;
//! 3. `wasm-bindgen` over the main module, then (release) `wasm-opt -Oz --converge` over every module;
//! 4. the stylesheet, the time-zone script every page loads, and the `public/` files; in a release,
//!    every script minified by `terser` and the stylesheet by `csso`;
//! 5. every file in `pkg/` precompressed with brotli and gzip, so the server never compresses an
//!    asset per request;
//! 6. the whole `pkg/` folder moved to `pkg/<hash of its content>/` and that name written to
//!    `pkg/current`, so every asset URL changes when anything in it does and browsers may keep each
//!    one for a year.
//!
//! Usage: `site [--release]`. The tools it calls (`cargo`, `wasm-bindgen`, `wasm-opt`, `terser`, `csso`) come
//! from PATH.

use sha2::{Digest, Sha256};
use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    process::{Command, ExitCode},
    time::Instant,
};

/// The name the server's hydration scripts load the bundle by (`LEPTOS_OUTPUT_NAME`).
const OUTPUT_NAME: &str = "wellspring";
/// The loader the split wasm imports its chunks through; leptos preloads it under this name.
const SPLIT_LINK: &str = "__wasm_split.______________________.js";
/// Which chunks each lazy function needs; leptos reads it to preload a page's chunks.
const SPLIT_MANIFEST: &str = "__wasm_split_manifest.json";
/// Build folders kept besides the newest, so pages still open in a browser during a deploy keep
/// finding the chunks they were rendered with.
const KEEP_PREVIOUS: usize = 1;

type Result<T> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let release = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("--release") => true,
        Some(other) => {
            eprintln!("site: unknown argument {other:?}; usage: site [--release]");
            return ExitCode::from(2);
        }
    };
    match Build::new(release).and_then(|build| build.run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("site: {error}");
            ExitCode::FAILURE
        }
    }
}

struct Build {
    release: bool,
    workspace: PathBuf,
    target_dir: PathBuf,
}

impl Build {
    fn new(release: bool) -> Result<Self> {
        // Read when it runs, not baked in when built: two checkouts sharing one target folder share
        // this binary, and each must build its own sources.
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
            .ok_or("run the site tool with `cargo run -p site`")?;
        let workspace = PathBuf::from(manifest_dir)
            .parent()
            .ok_or("the site crate has no parent folder")?
            .to_path_buf();
        let target_dir = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace.join("target"));
        Ok(Self {
            release,
            workspace,
            target_dir,
        })
    }

    fn run(&self) -> Result<()> {
        let started = Instant::now();
        let site_root = self.workspace.join("target/site");
        let pkg_root = site_root.join("pkg");
        let staging = pkg_root.join(".staging");

        self.compile_wasm()?;
        // A build made from the same inputs is already the current one: a later `./dev run` starts
        // at once instead of optimising every module again.
        let inputs = self.inputs()?;
        let stamp = pkg_root.join("inputs");
        let current = fs::read_to_string(pkg_root.join("current")).unwrap_or_default();
        let built = fs::read_to_string(&stamp).unwrap_or_default();
        if built == format!("{inputs} {current}") && pkg_root.join(&current).is_dir() {
            println!("site: unchanged, {current} is current");
            return Ok(());
        }
        recreate(&staging)?;
        let main_wasm = self.split(&staging)?;
        self.bindgen(&main_wasm, &staging)?;
        if self.release {
            optimize(&files_with_extension(&staging, "wasm")?)?;
        }
        copy(
            &self.workspace.join("style/main.css"),
            &staging.join(format!("{OUTPUT_NAME}.css")),
        )?;
        copy(
            &self.workspace.join("frontend/time-zone.js"),
            &staging.join("time-zone.js"),
        )?;
        if self.release {
            minify(&files_with_extension(&staging, "js")?)?;
            minify_style(&staging.join(format!("{OUTPUT_NAME}.css")))?;
        }
        for entry in read_dir(&self.workspace.join("public"))? {
            copy(
                &entry,
                &site_root.join(entry.file_name().unwrap_or_default()),
            )?;
        }

        let hash = content_hash(&staging)?;
        precompress(&staging, self.release)?;
        let dest = pkg_root.join(&hash);
        if dest.exists() {
            fs::remove_dir_all(&staging).map_err(|e| format!("{}: {e}", staging.display()))?;
        } else {
            fs::rename(&staging, &dest).map_err(|e| format!("{}: {e}", dest.display()))?;
        }
        write(&pkg_root.join("current"), hash.as_bytes())?;
        write(&stamp, format!("{inputs} {hash}").as_bytes())?;
        prune(&pkg_root, &hash)?;
        report(&dest)?;
        println!(
            "site: built {} in {:.1} s",
            dest.display(),
            started.elapsed().as_secs_f64()
        );
        Ok(())
    }

    fn profile_dir(&self) -> &'static str {
        if self.release {
            "wasm-release"
        } else {
            "debug"
        }
    }

    fn compile_wasm(&self) -> Result<()> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command
            .current_dir(&self.workspace)
            .args(["build", "--package=frontend", "--lib"])
            .arg("--target=wasm32-unknown-unknown");
        if self.release {
            command.arg("--profile=wasm-release");
        }
        run(&mut command)
    }

    /// The `frontend` crate as cargo compiled it.
    fn compiled_wasm(&self) -> PathBuf {
        self.target_dir
            .join("wasm32-unknown-unknown")
            .join(self.profile_dir())
            .join("frontend.wasm")
    }

    /// A digest of what a build is made from: the compiled wasm, the stylesheet, the time-zone
    /// script, the public files, this tool itself, and whether it is a release.
    fn inputs(&self) -> Result<String> {
        let mut files = vec![
            self.compiled_wasm(),
            self.workspace.join("style/main.css"),
            self.workspace.join("frontend/time-zone.js"),
        ];
        let mut public = read_dir(&self.workspace.join("public"))?;
        public.sort();
        files.extend(public);
        files.push(std::env::current_exe().map_err(|e| format!("the site tool itself: {e}"))?);
        digest(&[u8::from(self.release)], &files)
    }

    /// Splits the compiled wasm into the main module and its lazily loaded chunks, written to
    /// `staging`; returns the main module, which wasm-bindgen has yet to process.
    fn split(&self, staging: &Path) -> Result<PathBuf> {
        let input = self.compiled_wasm();
        let wasm = fs::read(&input).map_err(|e| format!("{}: {e}", input.display()))?;
        let main_out = self
            .target_dir
            .join(format!("{}-split-main.wasm", self.profile_dir()));
        let main_module = format!("./{OUTPUT_NAME}.js");
        let link_name = format!("./{SPLIT_LINK}");
        let mut options = wasm_split_cli_support::Options::new(&wasm);
        options.output_dir = staging;
        options.main_out_path = &main_out;
        options.main_module = &main_module;
        options.link_name = &link_name;
        let split = wasm_split_cli_support::transform(options)
            .map_err(|e| format!("splitting {}: {e}", input.display()))?;
        let manifest = serde_json::to_vec_pretty(&split.prefetch_map)
            .map_err(|e| format!("{SPLIT_MANIFEST}: {e}"))?;
        write(&staging.join(SPLIT_MANIFEST), &manifest)?;
        Ok(main_out)
    }

    fn bindgen(&self, main_wasm: &Path, staging: &Path) -> Result<()> {
        run(Command::new("wasm-bindgen")
            .args([
                "--target=web",
                "--keep-lld-exports",
                "--no-demangle",
                "--no-typescript",
            ])
            .arg(format!("--out-name={OUTPUT_NAME}"))
            .arg("--out-dir")
            .arg(staging)
            .arg(main_wasm))?;
        // The hydration script asks for `<name>.wasm` when LEPTOS_OUTPUT_NAME is set at build time.
        let from = staging.join(format!("{OUTPUT_NAME}_bg.wasm"));
        let to = staging.join(format!("{OUTPUT_NAME}.wasm"));
        fs::rename(&from, &to).map_err(|e| format!("{}: {e}", from.display()))
    }
}

/// Runs `wasm-opt -Oz --converge` over every module, as many at once as there are cores. The
/// small chunks matter too: a page needs dozens of them, and the optimiser makes them about a
/// third smaller. Repeating the passes until nothing more shrinks (`--converge`) took 3 kB off
/// the main module's brotli; `-Os --converge` took 6.5 kB off it but made it 9% larger unpacked.
fn optimize(modules: &[PathBuf]) -> Result<()> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(wasm) = modules.get(index) else {
                            return Ok(());
                        };
                        run(Command::new("wasm-opt")
                            .args([
                                "-Oz",
                                "--converge",
                                "--enable-bulk-memory",
                                "--enable-nontrapping-float-to-int",
                            ])
                            .arg(wasm)
                            .arg("-o")
                            .arg(wasm))?;
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|_| Err("wasm-opt worker panicked".into()))
            })
            .collect::<Result<Vec<()>>>()
            .map(drop)
    })
}

/// Minifies each script in place. The wasm-bindgen glue and the chunk loader are generated
/// JavaScript; minified, they are less than half the size to parse and 3 kB smaller on the wire.
/// Exported names and the names the wasm imports are strings `terser` leaves alone.
fn minify(scripts: &[PathBuf]) -> Result<()> {
    for script in scripts {
        run(Command::new("terser")
            .arg(script)
            .args(["--module", "--compress", "--mangle", "--output"])
            .arg(script))?;
    }
    Ok(())
}

/// Minifies the stylesheet in place: comments and spaces go, and rules stay as written and in their
/// order, so the cascade is the one the source reads.
fn minify_style(sheet: &Path) -> Result<()> {
    run(Command::new("csso")
        .arg(sheet)
        .arg("--no-restructure")
        .arg("--output")
        .arg(sheet))
}

/// The first 16 hex digits of a SHA-256 over every file's name and content, in name order.
fn content_hash(dir: &Path) -> Result<String> {
    let mut files = read_dir(dir)?;
    files.sort();
    digest(&[], &files)
}

/// The first 16 hex digits of a SHA-256 over `salt`, then each file's name and content in turn.
fn digest(salt: &[u8], files: &[PathBuf]) -> Result<String> {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    for file in files {
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?);
    }
    Ok(hasher
        .finalize()
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect())
}

/// Writes `file.br` and `file.gz` beside every file. Release builds take the smallest brotli; a
/// debug bundle is tens of megabytes, and a faster setting keeps test builds quick.
fn precompress(dir: &Path, release: bool) -> Result<()> {
    let quality = if release { 11 } else { 5 };
    for file in read_dir(dir)? {
        let raw = fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut raw.as_slice(), &mut br, &params)
            .map_err(|e| format!("{}: {e}", file.display()))?;
        write(&with_suffix(&file, "br"), &br)?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&raw)
            .map_err(|e| format!("{}: {e}", file.display()))?;
        let gz = gz
            .finish()
            .map_err(|e| format!("{}: {e}", file.display()))?;
        write(&with_suffix(&file, "gz"), &gz)?;
    }
    Ok(())
}

/// Removes build folders older than the newest `KEEP_PREVIOUS` besides `current`.
fn prune(pkg_root: &Path, current: &str) -> Result<()> {
    let mut builds: Vec<(std::time::SystemTime, PathBuf)> = fs::read_dir(pkg_root)
        .map_err(|e| format!("{}: {e}", pkg_root.display()))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir() && path.file_name().is_some_and(|name| name != current))
        .filter_map(|path| Some((path.metadata().ok()?.modified().ok()?, path)))
        .collect();
    builds.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    for (_, old) in builds.into_iter().skip(KEEP_PREVIOUS) {
        fs::remove_dir_all(&old).map_err(|e| format!("{}: {e}", old.display()))?;
    }
    Ok(())
}

/// Prints each module's size raw and as brotli, largest first.
fn report(dir: &Path) -> Result<()> {
    let mut rows = Vec::new();
    for file in read_dir(dir)? {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".br") || name.ends_with(".gz") {
            continue;
        }
        let raw = file.metadata().map(|m| m.len()).unwrap_or(0);
        let br = with_suffix(&file, "br")
            .metadata()
            .map(|m| m.len())
            .unwrap_or(0);
        rows.push((br, raw, name));
    }
    rows.sort_by(|a, b| b.cmp(a));
    for (br, raw, name) in rows {
        println!(
            "site: {:>9.1} kB brotli {:>9.1} kB raw  {name}",
            kb(br),
            kb(raw)
        );
    }
    Ok(())
}

fn kb(bytes: u64) -> f64 {
    bytes as f64 / 1000.0
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn files_with_extension(dir: &Path, extension: &str) -> Result<Vec<PathBuf>> {
    Ok(read_dir(dir)?
        .into_iter()
        .filter(|file| file.extension().is_some_and(|e| e == extension))
        .collect())
}

/// The files (not folders) directly in `dir`.
fn read_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    Ok(fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect())
}

fn recreate(dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("copying {} to {}: {e}", from.display(), to.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn run(command: &mut Command) -> Result<()> {
    let program = command.get_program().to_string_lossy().into_owned();
    let status = command
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{program} failed ({status})"))
    }
}
