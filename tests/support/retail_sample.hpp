// The bundled Online Retail sample as the profile tests read it: one category (Country), one
// attribute (Description) and one numeric (UnitPrice) beside the core columns, and a row of
// it applied to a store with that schema.
#pragma once

#include <cstddef>

#include "segcore/profile.hpp"

namespace segcore_test {

inline segcore::CsvOptions retail_options() {
  segcore::CsvOptions o;
  o.columns = {.customer = "CustomerID",
               .timestamp = "InvoiceDate",
               .amount = "",
               .quantity = "Quantity",
               .price = "UnitPrice",
               .order = "InvoiceNo",
               .categories = {"Country"},
               .attributes = {"Description"},
               .numerics = {"UnitPrice"}};
  return o;
}

inline const segcore::StoreSchema kRetailSchema{
    .categories = {"Country"}, .attributes = {"Description"}, .numerics = {"UnitPrice"}};

// Applies row i of a table read with retail_options() to a store of kRetailSchema.
inline segcore::Status add_retail_row(segcore::ProfileStore& store, const segcore::EventTable& ev, std::size_t i) {
  absl::string_view cat[1] = {ev.categories[0].values[ev.categories[0].codes[i]]};
  absl::string_view att[1] = {ev.attributes[0].values[ev.attributes[0].codes[i]]};
  double num[1] = {ev.numerics[0].values[i]};
  segcore::Event e{ev.customer.values[ev.customer.codes[i]],
                   ev.timestamp[i],
                   ev.amount[i],
                   ev.order.values[ev.order.codes[i]],
                   cat,
                   att,
                   num};
  return store.add(e);
}

}  // namespace segcore_test
