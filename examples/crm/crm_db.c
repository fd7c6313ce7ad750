/* The CRM database of the example: schema, loading the CSV, reading orders. */
#include "crm_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char* const schema_sql =
    "DROP TABLE IF EXISTS segment_changes;"
    "DROP TABLE IF EXISTS segment_membership;"
    "DROP TABLE IF EXISTS orders;"
    "DROP TABLE IF EXISTS customers;"
    "CREATE TABLE customers ("
    "  customer_id INTEGER PRIMARY KEY,"
    "  country TEXT NOT NULL);"
    "CREATE TABLE orders ("
    "  order_id INTEGER PRIMARY KEY," /* grows with every new order: the incremental cursor */
    "  invoice_no TEXT NOT NULL,"
    "  customer_id INTEGER NOT NULL REFERENCES customers,"
    "  ordered_at TEXT NOT NULL," /* 'YYYY-MM-DD HH:MM:SS', UTC */
    "  amount REAL NOT NULL);"    /* negative for a cancelled invoice (a return) */
    "CREATE TABLE segment_membership ("
    "  customer_id INTEGER NOT NULL REFERENCES customers,"
    "  segment_set TEXT NOT NULL," /* 'rfm' or 'lifecycle' */
    "  segment TEXT NOT NULL,"
    "  since TEXT NOT NULL," /* as-of time of the run that put it there */
    "  PRIMARY KEY (customer_id, segment_set));"
    "CREATE TABLE segment_changes ("
    "  customer_id INTEGER NOT NULL,"
    "  segment_set TEXT NOT NULL,"
    "  old_segment TEXT,"
    "  new_segment TEXT NOT NULL,"
    "  changed_at TEXT NOT NULL);";

int crm_db_exec(sqlite3* db, const char* sql) {
  char* error = NULL;
  int rc = sqlite3_exec(db, sql, NULL, NULL, &error);
  if (rc != SQLITE_OK) fprintf(stderr, "crm: %s\n", error ? error : sqlite3_errstr(rc));
  sqlite3_free(error);
  return rc;
}

/* Splits one CSV record in place (RFC 4180 quoting; the sample has no newlines inside
 * quotes). Returns the number of fields, at most max. */
static int split_csv(char* line, char** fields, int max) {
  int n = 0;
  char* out = line;
  fields[n++] = out;
  for (char* p = line; *p && *p != '\n' && *p != '\r'; ++p) {
    if (*p == '"') { /* a quoted part runs to the next single quote; "" stands for one */
      for (++p; *p && !(*p == '"' && p[1] != '"'); ++p) *out++ = *p == '"' ? *p++ : *p;
      if (!*p) break;
    } else if (*p == ',') {
      *out++ = '\0';
      if (n == max) return n;
      fields[n++] = out;
    } else {
      *out++ = *p;
    }
  }
  *out = '\0';
  return n;
}

/* Reads the invoice lines into a temporary table (one transaction: fast). */
static int load_lines(sqlite3* db, const char* csv_path) {
  FILE* f = fopen(csv_path, "r");
  if (!f) {
    perror(csv_path);
    return SQLITE_CANTOPEN;
  }
  sqlite3_stmt* insert = NULL;
  int rc = crm_db_exec(db,
                       "CREATE TEMP TABLE invoice_lines (invoice_no TEXT, customer_id INTEGER,"
                       " ordered_at TEXT, amount REAL, country TEXT);"
                       "BEGIN;");
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "INSERT INTO invoice_lines VALUES (?, ?, ?, ?, ?)", -1, &insert, NULL);
  char line[4096];
  long line_no = 0;
  while (rc == SQLITE_OK && fgets(line, sizeof line, f)) {
    char* v[8];
    if (++line_no == 1) continue; /* header */
    if (split_csv(line, v, 8) != 8) {
      fprintf(stderr, "%s:%ld: expected 8 fields\n", csv_path, line_no);
      rc = SQLITE_MISMATCH;
      break;
    }
    /* InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country */
    sqlite3_bind_text(insert, 1, v[0], -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(insert, 2, (sqlite3_int64)atof(v[6])); /* written as 17850.0 */
    sqlite3_bind_text(insert, 3, v[4], -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(insert, 4, atof(v[3]) * atof(v[5]));
    sqlite3_bind_text(insert, 5, v[7], -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(insert) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
    sqlite3_reset(insert);
  }
  if (rc != SQLITE_OK && rc != SQLITE_MISMATCH) fprintf(stderr, "crm: %s\n", sqlite3_errmsg(db));
  sqlite3_finalize(insert);
  fclose(f);
  return crm_db_exec(db, rc == SQLITE_OK ? "COMMIT;" : "ROLLBACK;") == SQLITE_OK ? rc : SQLITE_ERROR;
}

int crm_db_create(sqlite3* db, const char* csv_path, const char* cutoff) {
  int rc = crm_db_exec(db, schema_sql);
  if (rc == SQLITE_OK) rc = load_lines(db, csv_path);
  if (rc != SQLITE_OK) return rc;
  /* Orders are invoices; those placed from the cutoff on wait in incoming_orders. */
  char* sql = sqlite3_mprintf(
      "BEGIN;"
      "INSERT INTO customers SELECT customer_id, max(country) FROM invoice_lines GROUP BY customer_id;"
      "CREATE TEMP TABLE incoming_orders AS"
      "  SELECT invoice_no, customer_id, min(ordered_at) AS ordered_at, sum(amount) AS amount"
      "  FROM invoice_lines GROUP BY customer_id, invoice_no ORDER BY 3, 1;"
      "INSERT INTO orders (invoice_no, customer_id, ordered_at, amount)"
      "  SELECT * FROM incoming_orders WHERE ordered_at < %Q ORDER BY rowid;"
      "DELETE FROM incoming_orders WHERE ordered_at < %Q;"
      "DROP TABLE invoice_lines;"
      "COMMIT;",
      cutoff, cutoff);
  rc = sql ? crm_db_exec(db, sql) : SQLITE_NOMEM;
  sqlite3_free(sql);
  if (rc != SQLITE_OK) crm_db_exec(db, "ROLLBACK;");
  return rc;
}

int crm_db_receive_orders(sqlite3* db, int64_t* n_orders) {
  int rc = crm_db_exec(db,
                       "BEGIN;"
                       "INSERT INTO orders (invoice_no, customer_id, ordered_at, amount)"
                       "  SELECT * FROM incoming_orders ORDER BY rowid;");
  if (rc != SQLITE_OK) return crm_db_exec(db, "ROLLBACK;"), rc;
  *n_orders = sqlite3_changes(db);
  return crm_db_exec(db, "DELETE FROM incoming_orders; COMMIT;");
}

int crm_db_each_order(sqlite3* db, int64_t* after, crm_order_fn fn, void* payload) {
  sqlite3_stmt* select = NULL;
  int rc =
      sqlite3_prepare_v2(db,
                         "SELECT order_id, customer_id, CAST(strftime('%s', ordered_at) AS INTEGER), amount, invoice_no"
                         " FROM orders WHERE order_id > ? ORDER BY order_id",
                         -1, &select, NULL);
  if (rc != SQLITE_OK) {
    fprintf(stderr, "crm: %s\n", sqlite3_errmsg(db));
    return rc;
  }
  sqlite3_bind_int64(select, 1, *after);
  while ((rc = sqlite3_step(select)) == SQLITE_ROW) {
    *after = sqlite3_column_int64(select, 0);
    int stop = fn(payload, sqlite3_column_int64(select, 1), sqlite3_column_int64(select, 2),
                  sqlite3_column_double(select, 3), (const char*)sqlite3_column_text(select, 4));
    if (stop) {
      sqlite3_finalize(select);
      return stop;
    }
  }
  if (rc != SQLITE_DONE) fprintf(stderr, "crm: %s\n", sqlite3_errmsg(db));
  sqlite3_finalize(select);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}
