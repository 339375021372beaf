#include "run_test_env.h"

#include <atomic>
#include <catch2/catch.hpp>

#include "absl/strings/str_format.h"

namespace champion::test {

RunTestEnv::RunTestEnv(int days, int sessions) : db(RequirePgTestDb()) {
  auto created = store::SessionPool::Create({db->conninfo(), sessions});
  REQUIRE(created.ok());
  pool = *std::move(created);
  sales = std::make_unique<store::PgSalesRepository>(*pool);
  catalog = std::make_unique<store::PgCatalogRepository>(*pool);
  runs = std::make_unique<store::PgRunRepository>(*pool);
  auto sql = db->Connect();
  *sql << "INSERT INTO store (code, name) VALUES ('S1', 'One'), ('S2', 'Two')";
  *sql << "INSERT INTO product (sku, name, launch_date) VALUES ('P1', 'One', '2023-06-01'), "
          "('P2', 'Two', NULL)";
  // Weekly pattern + slow trend + a deterministic wiggle; every day observed.
  *sql << R"sql(
    INSERT INTO sales_daily (store_id, product_id, date, quantity, unit_price)
    SELECT 1, 1, d::date,
           round((20 + 6 * sin(2 * pi() * extract(isodow FROM d) / 7) + i * 0.05
                  + 3 * sin(i * 1.7))::numeric, 2),
           2.5
    FROM generate_series(0, :days - 1) AS i,
         LATERAL (SELECT DATE '2024-01-01' + i AS d) AS x)sql",
      soci::use(days, "days");
  *sql << R"sql(
    INSERT INTO sales_daily (store_id, product_id, date, quantity)
    SELECT 2, 2, DATE '2024-01-01' + i, 5 FROM generate_series(0, 9) AS i)sql";
  *sql << "INSERT INTO calendar (date, is_holiday, holiday_name) VALUES ('2024-01-01', true, "
          "'New Year')";
}

runs::SelectionSpec RunTestEnv::Spec(const std::vector<std::string>& model_types) const {
  runs::SelectionSpec spec;
  spec.store_id = 1;
  spec.product_id = 1;
  spec.forecast_horizon = 7;
  spec.split.n_splits = 3;
  spec.split.horizon = 7;
  spec.split.min_train_size = 30;
  for (const std::string& type : model_types) spec.candidates.push_back({type, {}});
  return spec;
}

store::NewRun RunTestEnv::NewRunFor(const std::vector<std::string>& model_types) const {
  store::NewRun run;
  run.selection_id = TestSelectionId();
  run.spec = Spec(model_types);
  run.spec.window_start = absl::CivilDay(2024, 1, 1);
  run.spec.window_end = absl::CivilDay(2024, 4, 29);
  run.folds_total.assign(model_types.size(), 3);
  return run;
}

long long RunTestEnv::QueryInt(const std::string& sql) const {
  auto session = db->Connect();
  long long value = 0;
  *session << sql, soci::into(value);
  return value;
}

std::string RunTestEnv::QueryText(const std::string& sql) const {
  auto session = db->Connect();
  std::string value;
  soci::indicator ind = soci::i_ok;
  *session << sql, soci::into(value, ind);
  return ind == soci::i_null ? "<null>" : value;
}

void RunTestEnv::Exec(const std::string& sql) const {
  auto session = db->Connect();
  *session << sql;
}

std::string TestSelectionId() {
  static std::atomic<int> counter{0};
  return absl::StrFormat("%016x%016x", 0xabcdef0123456789ULL,
                         static_cast<unsigned long long>(++counter) * 7919);
}

}  // namespace champion::test
