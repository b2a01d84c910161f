#!/usr/bin/env bash
# bench/serve.sh -- load test of `dyad serve` (docs/serve.md).
#
#   bench/serve.sh [DYAD] [EVENTS] [SECONDS]     (default ./dyad, 1000000, 10)
#
# Builds (once, kept in $BENCH_DB, default /tmp/dyad-bench-serve.db) a
# database of EVENTS synthetic events in the store's schema: the schema
# comes from `dyad code --db` on examples/talks.txt, the rows from SQL
# (40 actors, 30 event codes, 40 places, dates 2015-2025, one article per
# 10 events, one mention per event). Then starts the server on a free
# loopback port and runs wrk (2 threads, $CONN=16 connections, SECONDS each) on
# the main API calls; prints requests/s and the p99 latency of each.
# Needs wrk and sqlite3 (scripts/deps.sh).
set -eu
cd "$(dirname "$0")/.."
DYAD=${1:-./dyad}
N=${2:-1000000}
SECS=${3:-10}
DB=${BENCH_DB:-/tmp/dyad-bench-serve.db}
CONN=${CONN:-16}
command -v wrk >/dev/null || { echo "bench/serve.sh: wrk is not installed" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench/serve.sh: sqlite3 is not installed" >&2; exit 1; }
tmp=$(mktemp -d /tmp/dyad-bench-serve.XXXXXX)
srv=""
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$tmp"' EXIT

have=$( [ -f "$DB" ] && sqlite3 "$DB" 'SELECT count(*) FROM events' 2>/dev/null || echo 0)
if [ "$have" -lt "$N" ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    "$DYAD" code -q --no-output --db "$DB" examples/talks.txt
    t0=$(date +%s)
    sqlite3 "$DB" <<EOF
PRAGMA synchronous = OFF;
PRAGMA cache_size = -200000;
CREATE TEMP TABLE actors (i INTEGER PRIMARY KEY, code, country, role, text);
INSERT INTO actors (i, code, country, role, text) VALUES
 (0,'RUS','RUS',NULL,'la Russie'),(1,'RUSGOV','RUS','GOV','le Kremlin'),(2,'RUSMIL','RUS','MIL','l''armée russe'),
 (3,'PRK','PRK',NULL,'la Corée du Nord'),(4,'PRKGOV','PRK','GOV','Pyongyang'),(5,'PRKMIL','PRK','MIL','l''armée nord-coréenne'),
 (6,'UKR','UKR',NULL,'l''Ukraine'),(7,'UKRGOV','UKR','GOV','Kiev'),(8,'UKRMIL','UKR','MIL','l''armée ukrainienne'),
 (9,'USA','USA',NULL,'les États-Unis'),(10,'USAGOV','USA','GOV','Washington'),(11,'CHN','CHN',NULL,'la Chine'),
 (12,'CHNGOV','CHN','GOV','Pékin'),(13,'FRA','FRA',NULL,'la France'),(14,'FRAGOV','FRA','GOV','Paris'),
 (15,'DEU','DEU',NULL,'l''Allemagne'),(16,'DEUGOV','DEU','GOV','Berlin'),(17,'GBR','GBR',NULL,'le Royaume-Uni'),
 (18,'GBRGOV','GBR','GOV','Londres'),(19,'IRN','IRN',NULL,'l''Iran'),(20,'IRNGOV','IRN','GOV','Téhéran'),
 (21,'ISR','ISR',NULL,'Israël'),(22,'ISRMIL','ISR','MIL','l''armée israélienne'),(23,'TUR','TUR',NULL,'la Turquie'),
 (24,'TURGOV','TUR','GOV','Ankara'),(25,'IND','IND',NULL,'l''Inde'),(26,'INDGOV','IND','GOV','New Delhi'),
 (27,'JPN','JPN',NULL,'le Japon'),(28,'KOR','KOR',NULL,'la Corée du Sud'),(29,'KORGOV','KOR','GOV','Séoul'),
 (30,'SYR','SYR',NULL,'la Syrie'),(31,'SYRGOV','SYR','GOV','Damas'),(32,'IGOUNO','IGO','UNO','l''ONU'),
 (33,'IGOEU','IGO','EU','l''Union européenne'),(34,'MAR','MAR',NULL,'le Maroc'),(35,'DZA','DZA',NULL,'l''Algérie'),
 (36,'EGY','EGY',NULL,'l''Égypte'),(37,'SAU','SAU',NULL,'l''Arabie saoudite'),(38,'BRA','BRA',NULL,'le Brésil'),
 (39,'ZAF','ZAF',NULL,'l''Afrique du Sud');
CREATE TEMP TABLE codes (i INTEGER PRIMARY KEY, code, root, quad, goldstein, verb);
INSERT INTO codes VALUES
 (0,'010','01',1,0,'a déclaré à'),(1,'012','01',3,-0.1,'a critiqué'),(2,'020','02',1,3,'a appelé'),
 (3,'031','03',1,5.2,'veut coopérer avec'),(4,'036','03',1,4,'souhaite rencontrer'),(5,'040','04',1,1,'a consulté'),
 (6,'042','04',1,1.9,'s''est rendu chez'),(7,'043','04',1,2.8,'a reçu'),(8,'046','04',1,7,'a négocié avec'),
 (9,'051','05',1,3.4,'a salué'),(10,'057','05',1,8,'a signé un accord avec'),(11,'061','06',2,6.4,'coopère avec'),
 (12,'071','07',2,7.4,'a aidé'),(13,'072','07',2,8.3,'a armé'),(14,'081','08',2,5,'a levé les restrictions sur'),
 (15,'090','09',1,-2,'enquête sur'),(16,'111','11',3,-2,'a dénoncé'),(17,'112','11',3,-2,'a accusé'),
 (18,'120','12',3,-4,'a rejeté'),(19,'130','13',3,-4.4,'a menacé'),(20,'138','13',3,-7,'menace d''attaquer'),
 (21,'141','14',3,-6.5,'manifeste contre'),(22,'160','16',3,-4,'a réduit ses relations avec'),(23,'163','16',4,-8,'a imposé un embargo à'),
 (24,'172','17',4,-5,'a sanctionné'),(25,'173','17',4,-5,'a arrêté des ressortissants de'),(26,'190','19',4,-10,'a attaqué'),
 (27,'193','19',4,-10,'combat'),(28,'195','19',4,-10,'a bombardé'),(29,'200','20',4,-10,'a massacré');
CREATE TEMP TABLE places (i INTEGER PRIMARY KEY, name, country, lat, lon);
INSERT INTO places VALUES
 (0,'Moscou','RUS',55.7522,37.6156),(1,'Pyongyang','PRK',39.0339,125.7543),(2,'Kiev','UKR',50.4547,30.5238),
 (3,'Washington','USA',38.8951,-77.0364),(4,'Pékin','CHN',39.9075,116.3972),(5,'Paris','FRA',48.8534,2.3488),
 (6,'Berlin','DEU',52.5244,13.4105),(7,'Londres','GBR',51.5085,-0.1257),(8,'Téhéran','IRN',35.6944,51.4215),
 (9,'Jérusalem','ISR',31.769,35.2163),(10,'Ankara','TUR',39.9199,32.8543),(11,'New Delhi','IND',28.6358,77.2245),
 (12,'Tokyo','JPN',35.6895,139.6917),(13,'Séoul','KOR',37.566,126.9784),(14,'Damas','SYR',33.5102,36.2913),
 (15,'New York','USA',40.7143,-74.006),(16,'Bruxelles','BEL',50.8505,4.3488),(17,'Rabat','MAR',34.0133,-6.8326),
 (18,'Alger','DZA',36.7525,3.042),(19,'Le Caire','EGY',30.0626,31.2497),(20,'Riyad','SAU',24.6877,46.7219),
 (21,'Brasília','BRA',-15.7797,-47.9297),(22,'Pretoria','ZAF',-25.7449,28.1878),(23,'Kharkiv','UKR',49.9808,36.2527),
 (24,'Odessa','UKR',46.4775,30.7326),(25,'Gaza','PSE',31.5017,34.4668),(26,'Genève','CHE',46.2022,6.1457),
 (27,'Vienne','AUT',48.2085,16.3721),(28,'Istanbul','TUR',41.0138,28.9497),(29,'Dubaï','ARE',25.0657,55.1713),
 (30,'Bagdad','IRQ',33.3406,44.4009),(31,'Kaboul','AFG',34.5281,69.1723),(32,'Islamabad','PAK',33.7215,73.0433),
 (33,'Hanoï','VNM',21.0245,105.8412),(34,'Manille','PHL',14.6042,120.9822),(35,'Jakarta','IDN',-6.2146,106.8451),
 (36,'Nairobi','KEN',-1.2833,36.8167),(37,'Dakar','SEN',14.6937,-17.4441),(38,'Bamako','MLI',12.65,-8),
 (39,'Caracas','VEN',10.488,-66.8792);
DROP INDEX events_key; DROP INDEX events_sqldate; DROP INDEX events_source;
DROP INDEX events_target; DROP INDEX events_global; DROP INDEX mentions_event; DROP INDEX mentions_article;
BEGIN;
INSERT INTO articles (seq, id, url, source, agencies, date, lang, title, content_hash, story_id,
  source_key, minhash, text_len, n_events, added)
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $N / 10)
SELECT 1000 + n, 'bench-' || n, 'https://example.org/bench/' || n, 'Outlet ' || (n % 25), 'AFP',
  date('2015-01-01', '+' || ((n * 7919) % 4000) || ' days'), 'fr', 'Article de test ' || n, NULL,
  1000 + n, 'outlet ' || (n % 25), NULL, 2000, 10, 20250101000000 FROM g;
INSERT INTO events (id, global_id, article, article_id, event_id, date, date_precision, sqldate,
  source_code, source_country, source_role, source_text, source_start, source_end,
  target_code, target_country, target_role, target_text, target_start, target_end,
  code, root, quad_class, goldstein, trigger_text, trigger_start, trigger_end,
  location_name, location_country, location_adm1, location_lat, location_lon,
  location_geonames_id, location_type, mentions, sentence, sentence_index, lang,
  is_root_event, num_mentions, num_sources, num_articles, added)
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < $N),
 r AS (SELECT n, (n * 2654435761) % 4294967296 AS h FROM g),
 x AS (SELECT n, h, date('2015-01-01', '+' || (h % 4000) || ' days') AS d FROM r)
SELECT 1000 + n, 2000000000 + n, 1000 + (n - 1) / 10 + 1, 'bench-' || ((n - 1) / 10 + 1),
  'bench-' || ((n - 1) / 10 + 1) || '-' || ((n - 1) % 10 + 1), x.d, 'day',
  CAST(replace(x.d, '-', '') AS INTEGER),
  s.code, s.country, s.role, s.text, 0, length(CAST(s.text AS BLOB)),
  t.code, t.country, t.role, t.text,
  length(CAST(s.text AS BLOB)) + length(CAST(c.verb AS BLOB)) + 2,
  length(CAST(s.text AS BLOB)) + length(CAST(c.verb AS BLOB)) + 2 + length(CAST(t.text AS BLOB)),
  c.code, c.root, c.quad, c.goldstein, c.verb, length(CAST(s.text AS BLOB)) + 1,
  length(CAST(s.text AS BLOB)) + 1 + length(CAST(c.verb AS BLOB)),
  CASE WHEN h % 3 THEN p.name END, CASE WHEN h % 3 THEN p.country END, NULL,
  CASE WHEN h % 3 THEN p.lat END, CASE WHEN h % 3 THEN p.lon END, NULL, CASE WHEN h % 3 THEN 3 END,
  1 + h % 3, s.text || ' ' || c.verb || ' ' || t.text || ' à ' || p.name || ', selon l''AFP.',
  0, 'fr', 1, 1 + h % 5, 1 + h % 3, 1 + h % 2, 20250101000000
FROM x JOIN actors s ON s.i = (x.h / 7) % 40
  JOIN actors t ON t.i = ((x.h / 7) % 40 + 1 + (x.h / 311) % 39) % 40
  JOIN codes c ON c.i = (x.h / 13) % 30
  JOIN places p ON p.i = (x.h / 17) % 40;
INSERT INTO mentions (event, article, event_id, mentions, sentence_index, sentence, source_start,
  source_end, target_start, target_end, trigger_start, trigger_end)
SELECT id, article, event_id, mentions, sentence_index, sentence, source_start, source_end,
  target_start, target_end, trigger_start, trigger_end FROM events WHERE id >= 1000;
COMMIT;
CREATE INDEX events_key ON events(date, source_code, target_code, code);
CREATE INDEX events_sqldate ON events(sqldate);
CREATE INDEX events_source ON events(source_code);
CREATE INDEX events_target ON events(target_code);
CREATE INDEX events_global ON events(global_id);
CREATE INDEX mentions_event ON mentions(event);
CREATE INDEX mentions_article ON mentions(article);
ANALYZE;
PRAGMA wal_checkpoint(TRUNCATE);
.print
EOF
    echo "built $DB: $(sqlite3 "$DB" 'SELECT count(*) FROM events') events in $(( $(date +%s) - t0 )) s," \
        "$(du -m "$DB" | cut -f1) MB"
fi

# A fresh server per call: requests still queued from the previous run
# (slow aggregates) would otherwise count against the next one.
start() {
    "$DYAD" serve --db "$DB" --port 0 -q ${THREADS:+--threads $THREADS} >"$tmp/url" 2>"$tmp/err" &
    srv=$!
    for _ in $(seq 100); do [ -s "$tmp/url" ] && break; sleep 0.05; done
    URL=$(head -1 "$tmp/url")
    [ -n "$URL" ] || { cat "$tmp/err" >&2; exit 1; }
}
stop() {
    kill "$srv" 2>/dev/null
    wait "$srv" 2>/dev/null || true
    srv=""
    : >"$tmp/url"
}
mid=$(sqlite3 "$DB" 'SELECT id FROM events ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM events)')

printf '%-58s %10s %10s %10s\n' "request ($(nproc) cores, $CONN connections, ${SECS}s)" "req/s" "p50" "p99"
for path in \
    "" \
    "api/info" \
    "api/events?limit=50" \
    "api/events?dyad=RUS,PRK&limit=50" \
    "api/events?actor=UKR&quad=4&from=2024-01&limit=50" \
    "api/events/$mid" \
    "api/timeline?dyad=RUS,PRK&by=month" \
    "api/timeline?actor=UKRGOV&by=week" \
    "api/network?actor=RUS&n=60" \
    "api/network?from=2024-06&to=2024-06&n=100" \
    "api/map?dyad=RUS,UKR&limit=1000" \
    "api/top?what=dyads&from=2024&n=20" \
    "api/timeline?by=month" \
    "api/map?limit=1000"; do
    start
    wrk -t2 -c"$CONN" -d"${SECS}s" --timeout 20s --latency "$URL$path" >"$tmp/wrk" 2>&1 || true
    rps=$(awk '/^Requests\/sec/ {print $2}' "$tmp/wrk")
    p50=$(awk '$1 == "50%" {print $2}' "$tmp/wrk")
    p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk")
    non2xx=$(awk '/Non-2xx/ {print $NF}' "$tmp/wrk")
    stop
    printf '%-58s %10s %10s %10s%s\n' "/$path" "${rps:-?}" "${p50:-?}" "${p99:-?}" \
        "${non2xx:+  (non-2xx: $non2xx)}"
done
