/* The CRM's side of the example: an SQLite database with customers, orders and segment
 * membership. Nothing here knows segcore; crm_sqlite.c joins the two. */
#ifndef CRM_DB_H
#define CRM_DB_H

#include <stdint.h>

#include <sqlite3.h>

/* Creates the tables (dropping earlier ones) and loads the Online Retail CSV: one customer
 * row per CustomerID, one order per invoice (its lines' amounts summed, at its first line's
 * time). Invoices from `cutoff` ("YYYY-MM-DD HH:MM:SS") on are held back in a temporary
 * table until crm_db_receive_orders. Returns SQLITE_OK or an error (message on stderr). */
int crm_db_create(sqlite3* db, const char* csv_path, const char* cutoff);

/* Moves the held-back invoices into orders, as if they had just been placed; *n_orders
 * receives how many. */
int crm_db_receive_orders(sqlite3* db, int64_t* n_orders);

/* Calls fn for each order with order_id > *after, in order_id order, and advances *after to
 * the last one seen. A nonzero return from fn stops and is returned. */
typedef int (*crm_order_fn)(void* payload, int64_t customer_id, int64_t ordered_at, double amount,
                            const char* invoice_no);
int crm_db_each_order(sqlite3* db, int64_t* after, crm_order_fn fn, void* payload);

/* Runs one SQL text without results; reports errors on stderr. */
int crm_db_exec(sqlite3* db, const char* sql);

#endif /* CRM_DB_H */
