#!/usr/bin/env bash
# Benchmark: `tally ingest` of 10,000 synthetic documents into a fresh data folder (SQLite
# store + tantivy index), wall time and peak memory (GNU time's maximum resident set size).
# Targets (issue 2): under 30 s on a 2-core machine, peak memory under 300 MB.
#
# Usage: bench/ingest-10k.sh            (N=10000 documents; N=… to change)
#        CORPUS=sentences bench/ingest-10k.sh
# By default the documents are the scale corpus of issue 7 (`cargo xtask corpus --docs N
# --seed 1`: generated reports with dates, outlets and metadata, ~11 claims each, the corpus
# the 71 s / 574 MB figure was taken on). CORPUS=sentences writes the first version's corpus
# instead, from sentences written for this benchmark (no corpus text): every fifth one
# Korean, 12–24 sentences each (about 2–4 KB), figures varied so that every text is
# distinct. Work files go to bench/work/ (ignored by git).
set -euo pipefail

N=${N:-10000}
CORPUS=${CORPUS:-generated}
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/bench/work/ingest-10k"
rm -rf "$work"
mkdir -p "$work/docs"

(cd "$root" && cargo build --release -p tally -p xtask --quiet)
tally="${CARGO_TARGET_DIR:-$root/target}/release/tally"
xtask="${CARGO_TARGET_DIR:-$root/target}/release/xtask"

if [ "$CORPUS" = generated ]; then
  "$xtask" corpus --docs "$N" --seed 1 --out "$work/docs"
else
awk -v n="$N" -v out="$work/docs" 'BEGIN {
  en[0]  = "North Korea plans to send about %d workers to Russia before the end of the year, a source said.";
  en[1]  = "The workers will be organised into %d teams of about 50 people each.";
  en[2]  = "Each worker is expected to send home between USD %d and %d a month.";
  en[3]  = "The Cabinet issued recommendation quotas to ministries and provincial party committees.";
  en[4]  = "Construction sites near Vladivostok and Khabarovsk have taken on more labourers since spring.";
  en[5]  = "According to the source, the selection round begins on Nov. %d and ends by the end of November.";
  en[6]  = "The practice breaches UN Security Council resolution 2397, which ordered all such workers home by 2019.";
  en[7]  = "Around %d North Koreans entered Russia on student visas last year, official figures show.";
  en[8]  = "A defector who worked on a building site near St Petersburg described twelve-hour days.";
  en[9]  = "The state keeps most of the wages, leaving each worker with a fraction of what the company pays.";
  en[10] = "Local officials in the Amur region said they expected a further %d workers in the spring.";
  en[11] = "The report could not be independently verified.";
  ko[0]  = "북한이 연말까지 노동자 약 %d명을 러시아에 파견할 계획이라고 소식통이 전했다.";
  ko[1]  = "노동자들은 50명씩 %d개 조로 나뉘어 출국할 예정이다.";
  ko[2]  = "노동자 1인당 매달 %d~%d달러를 국가에 바쳐야 한다.";
  ko[3]  = "내각은 각 성과 도당위원회에 추천 인원을 배정했다.";
  ko[4]  = "연해주와 하바롭스크의 건설 현장에서 북한 노동자가 늘고 있다.";
  ko[5]  = "선발은 11월 %d일부터 시작해 이달 말까지 마무리된다고 한다.";
  ko[6]  = "이는 안보리 대북제재 결의 2397호를 위반하는 것이다.";
  ko[7]  = "지난해 학생 비자로 러시아에 입국한 북한 주민은 %d명에 달한다.";
  ko[8]  = "상트페테르부르크 인근 건설 현장에서 일했던 탈북민은 하루 12시간 일했다고 말했다.";
  ko[9]  = "임금의 대부분은 국가가 가져가고 노동자에게는 일부만 돌아간다.";
  ko[10] = "아무르주 관계자는 봄에 노동자 %d명이 더 올 것으로 예상했다.";
  ko[11] = "이 내용은 독자적으로 확인되지 않았다.";
  seed = 12345;
  for (i = 0; i < n; i++) {
    dir = sprintf("%s/%03d", out, int(i / 1000));
    if (i % 1000 == 0) system("mkdir -p " dir);
    korean = (i % 5 == 4);
    file = sprintf("%s/doc-%05d.%s", dir, i, (i % 3 == 0) ? "md" : "txt");
    k = 12 + (i % 13);
    text = "";
    for (s = 0; s < k; s++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      j = int(seed / 65536) % 12;
      a = 100 + ((i * 37 + s * 11) % 9900);
      b = a + 100;
      line = korean ? sprintf(ko[j], a, b) : sprintf(en[j], a, b);
      text = text line ((s % 4 == 3) ? "\n\n" : " ");
    }
    printf "%s\n", text > file;
    close(file);
  }
}'
fi

du -sh "$work/docs" | awk '{print "generated '"$N"' documents, " $1}'
/usr/bin/time -v "$tally" --data "$work/data" ingest "$work/docs" >"$work/stdout" 2>"$work/time"
cat "$work/stdout"
grep -E "Elapsed \(wall clock\)|Maximum resident set size|Percent of CPU|User time|System time" "$work/time"
uptime
echo "re-ingest (all duplicates):"
/usr/bin/time -f "  %e s wall, %M KB max RSS" "$tally" --data "$work/data" ingest "$work/docs" 2>&1
du -sh "$work/data" | awk '{print "data folder " $1}'
