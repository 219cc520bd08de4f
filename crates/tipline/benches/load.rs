//! Load benchmark of the tip line (issue 6): N concurrent submissions of K KB each over
//! loopback HTTP to the real router, then a check that none was lost — every one is in the
//! tips folder and decrypts, with the analyst's identity, to exactly what was sent.
//!
//! Run: `cargo bench -p tally-tipline --bench load` (or `bench/tipline/run.sh`).
//! `TIPLINE_BENCH_N` (default 200) and `TIPLINE_BENCH_KB` (default 100) change the load.
//! Traffic goes only to 127.0.0.1; the run is bounded in count and time and stops by itself.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BOUNDARY: &str = "----tallyBenchBoundary";
/// The whole run gives up after this long (it normally takes seconds).
const TIME_LIMIT: Duration = Duration::from_secs(300);

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The attachment of submission `i`: `kb` KiB of bytes unique to `i` (not a cleanable type,
/// so this measures receiving, sealing and committing; cleaning is measured by its own size).
fn payload(i: usize, kb: usize) -> Vec<u8> {
    let mut state = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..kb * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

fn body(i: usize, attachment: &[u8]) -> Vec<u8> {
    let mut b = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\nbench tip {i}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"f{i}.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    b.extend_from_slice(attachment);
    b.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    b
}

async fn submit(addr: SocketAddr, body: Vec<u8>) -> (u16, Duration) {
    let start = Instant::now();
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect to loopback");
    let head = format!(
        "POST /submit HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.expect("send");
    s.write_all(&body).await.expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.expect("receive");
    let status = String::from_utf8_lossy(&raw).split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, start.elapsed())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn main() {
    let n = env_usize("TIPLINE_BENCH_N", 200);
    let kb = env_usize("TIPLINE_BENCH_KB", 100);
    let dir = tempfile::tempdir().expect("temporary folder");
    let tips = dir.path().join("tips");
    let key = dir.path().join("analyst.key");
    let recipient = tally_tipline::keys::keygen(&key).expect("keygen");
    tally_tipline::keys::RecipientsFile::in_dir(&tips).add(&recipient.to_string()).expect("recipient");
    let mut config = tally_tipline::Config::defaults(&tips);
    // The benchmark measures capacity, so the abuse limits are opened for it.
    config.rate.submission_burst = (n as u32).saturating_mul(2);
    config.rate.submissions_per_minute = (n as u32).saturating_mul(60);
    config.limits.max_concurrent_submissions = n.max(1);
    let state = tally_tipline::web::AppState::new(config).expect("tips folder");

    // What one codename costs (argon2id with this installation's parameters), for the record.
    let kdf = tally_tipline::kdf::CodenameKdf::load(&tips, None, false).expect("codename settings");
    let kdf_start = Instant::now();
    for _ in 0..5 {
        std::hint::black_box(kdf.derive(&tally_tipline::codename::Codename::generate()));
    }
    let kdf_ms = kdf_start.elapsed().as_secs_f64() * 1000.0 / 5.0;

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let payloads: Vec<Vec<u8>> = (0..n).map(|i| payload(i, kb)).collect();
    let (wall, mut latencies, statuses) = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(tally_tipline::web::serve(listener, state));
        let start = Instant::now();
        let tasks: Vec<_> =
            payloads.iter().enumerate().map(|(i, p)| tokio::spawn(submit(addr, body(i, p)))).collect();
        let mut lat = Vec::with_capacity(n);
        let mut statuses = Vec::with_capacity(n);
        for t in tasks {
            let (status, d) =
                tokio::time::timeout(TIME_LIMIT, t).await.expect("within the time limit").expect("task");
            statuses.push(status);
            lat.push(d);
        }
        (start.elapsed(), lat, statuses)
    });

    // None lost: every submission answered 200, is stored, and decrypts to what was sent.
    let ok = statuses.iter().filter(|&&s| s == 200).count();
    let ids = tally_tipline::keys::Identities::load(&key).expect("identity");
    let vault = tally_tipline::vault::Vault::open(&tips, false).expect("vault");
    let mut verified = 0;
    for id in vault.ids().expect("ids") {
        let msgs = vault.read(&id, &ids.refs()).expect("decrypts");
        let i: usize = msgs[0].text.trim_start_matches("bench tip ").parse().expect("bench message");
        let (_, original, _) = &msgs[0].files[0];
        let mut out = Vec::new();
        tally_tipline::vault::open_attachment_to(original, &ids.refs(), &mut out)
            .expect("attachment decrypts");
        assert_eq!(out, payloads[i], "submission {i} came back different");
        verified += 1;
    }
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("tip line load: {n} concurrent submissions of {kb} KiB over loopback");
    println!("  answered 200: {ok}/{n}; stored and decrypted to the bytes sent: {verified}/{n}");
    println!(
        "  latency ms: p50 {:.0}  p90 {:.0}  p99 {:.0}  max {:.0}",
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 90.0)),
        ms(percentile(&latencies, 99.0)),
        ms(*latencies.last().expect("at least one"))
    );
    println!(
        "  wall {:.2} s; {:.1} submissions/s; {:.1} MiB/s sealed",
        wall.as_secs_f64(),
        n as f64 / wall.as_secs_f64(),
        (n * kb) as f64 / 1024.0 / wall.as_secs_f64()
    );
    println!(
        "  one argon2id codename derivation: {kdf_ms:.0} ms on one core ({} cores; load average at the end {})",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split(' ')
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    assert_eq!((ok, verified), (n, n), "submissions were lost");
}
