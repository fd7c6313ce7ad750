// CSV to a written rank-mode RFM table with DuckDB, for bench/peers/rfm_peers.py.
//   node rfm_duckdb.mjs <events.csv> <out.csv> <threads> <iso|epoch>
// One statement: read_csv, GROUP BY, row_number windows, COPY TO. The scores follow segcore's
// rank mode (docs/PROFILES.md): ties broken by the customer's first row, score = 1 + #{k :
// 5 (rank - 1) > (n - 1) k}, which is pandas qcut of ranks (NTILE deals its remainder
// differently). Prints one JSON line: inner seconds, customers and the score checksum.
import { DuckDBInstance } from '@duckdb/node-api';

const [path, out, threads, times] = process.argv.slice(2);
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const t0 = performance.now();
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const db = await instance.connect();
const tsType = times === 'epoch' ? 'BIGINT' : 'TIMESTAMP';
const seconds = times === 'epoch' ? 'timestamp' : 'epoch(timestamp)::BIGINT';
const score = (rank) => `1 + (5 * (${rank} - 1) > (n - 1))::INT + (5 * (${rank} - 1) > (n - 1) * 2)::INT` +
  ` + (5 * (${rank} - 1) > (n - 1) * 3)::INT + (5 * (${rank} - 1) > (n - 1) * 4)::INT`;
await db.run(`
COPY (
  WITH ev AS (
    SELECT customer_id, ${seconds} AS t, amount, row_number() OVER () AS line
    FROM read_csv(${quote(path)}, header = true,
                  columns = {'customer_id': 'VARCHAR', 'timestamp': '${tsType}', 'amount': 'DECIMAL(18,2)'})),
  as_of AS (SELECT max(t) + 86400 AS t FROM ev),
  c AS (
    SELECT customer_id, min(line) AS first_line, count(*) FILTER (WHERE amount > 0) AS frequency,
           sum(amount) AS monetary, max(t) FILTER (WHERE amount > 0) AS last_pos
    FROM ev GROUP BY customer_id),
  s AS (
    SELECT c.*, ((SELECT t FROM as_of) - last_pos) // 86400 AS recency_days FROM c WHERE frequency > 0),
  ranked AS (
    SELECT s.*, count(*) OVER () AS n,
           row_number() OVER (ORDER BY recency_days DESC, first_line) AS rr,
           row_number() OVER (ORDER BY frequency, first_line) AS fr,
           row_number() OVER (ORDER BY monetary, first_line) AS mr
    FROM s)
  SELECT customer_id, recency_days, frequency, monetary,
         ${score('rr')} AS r_score, ${score('fr')} AS f_score, ${score('mr')} AS m_score
  FROM ranked
  UNION ALL
  SELECT customer_id, NULL, 0, monetary, 0, 0, 0 FROM c WHERE frequency = 0
) TO ${quote(out)} (HEADER, DELIMITER ',')`);
const total = (performance.now() - t0) / 1000;
const check = await db.runAndReadAll(`
  SELECT count(*), sum(r_score * 100 + f_score * 10 + m_score)
  FROM read_csv(${quote(out)}, header = true)`);
const [customers, scoreSum] = check.getRows()[0];
console.log(JSON.stringify({ customers: Number(customers), total_s: total, score_sum: Number(scoreSum) }));
