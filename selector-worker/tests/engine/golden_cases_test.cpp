// The golden cases runner: every tests/engine/cases/*.case file is one worked example of
// docs/ENGINE.md as data (docs/CONVENTIONS.md rule 5). The format is described in cases/README.md.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/str_split.h"
#include "engine/selection/selection.h"

namespace champion::engine {
namespace {

struct GoldenCase {
  std::string file;
  std::multimap<std::string, std::string> fields;  // key -> value, file order per key.
  std::string One(const std::string& key) const {
    auto it = fields.find(key);
    return it == fields.end() ? "" : it->second;
  }
  std::vector<std::string> All(const std::string& key) const {
    std::vector<std::string> out;
    for (auto [it, end] = fields.equal_range(key); it != end; ++it) out.push_back(it->second);
    return out;
  }
};

std::string Trim(const std::string& s) {
  const std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

GoldenCase Parse(const std::filesystem::path& path) {
  GoldenCase c{.file = path.filename().string()};
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const std::string trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    const std::size_t colon = trimmed.find(':');
    if (colon == std::string::npos) FAIL(c.file << ": not a 'key: value' line: " << line);
    c.fields.emplace(trimmed.substr(0, colon), Trim(trimmed.substr(colon + 1)));
  }
  return c;
}

std::vector<std::string> Words(const std::string& s) {
  return absl::StrSplit(s, ' ', absl::SkipEmpty());
}

double Number(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

// "a=1 b=2" -> {a: 1, b: 2} (skipping the first `skip` words).
std::map<std::string, double> KeyValues(const std::string& s, std::size_t skip = 0) {
  std::map<std::string, double> out;
  const std::vector<std::string> words = Words(s);
  for (std::size_t i = skip; i < words.size(); ++i) {
    std::pair<std::string, std::string> kv = absl::StrSplit(words[i], '=');
    out[kv.first] = Number(kv.second);
  }
  return out;
}

void CheckNear(double got, double want, const std::string& what) {
  INFO(what << ": got " << got << ", want " << want);
  if (std::isnan(want)) {
    CHECK(std::isnan(got));
  } else if (std::isinf(want)) {
    CHECK(got == want);
  } else {
    CHECK(std::fabs(got - want) <= 1e-9 * std::max(1.0, std::fabs(want)));
  }
}

Metric MetricNamed(const std::string& name) {
  INFO("metric " << name);
  const std::optional<Metric> metric = ParseMetric(name);
  REQUIRE(metric.has_value());
  return *metric;
}

double MetricByName(const FoldMetrics& m, const std::string& name) { return m[MetricNamed(name)]; }

double AggregateByName(const AggregateMetrics& m, const std::string& name) {
  if (name == "sample_size") return m.sample_size;
  if (name == "fold_count") return m.fold_count;
  return m[MetricNamed(name)].value;
}

SplitConfig ParseSplit(const std::string& s) {
  SplitConfig split;
  if (s.empty()) return split;
  const std::vector<std::string> w = Words(s);  // strategy n_splits min_train gap horizon
  REQUIRE(w.size() == 5);
  split.strategy = w[0] == "sliding" ? SplitStrategy::kSliding : SplitStrategy::kExpanding;
  split.n_splits = std::atoi(w[1].c_str());
  split.min_train_size = std::atoi(w[2].c_str());
  split.gap = std::atoi(w[3].c_str());
  split.horizon = std::atoi(w[4].c_str());
  return split;
}

void RunFoldsCase(const GoldenCase& c) {
  absl::StatusOr<std::vector<Fold>> folds =
      MakeFolds(std::atoi(c.One("n").c_str()), ParseSplit(c.One("split")));
  if (!c.One("expect_error").empty()) {
    CHECK(folds.status().message() == c.One("expect_error"));
    return;
  }
  REQUIRE(folds.ok());
  const std::vector<std::string> expected = c.All("expect_fold");
  REQUIRE(folds->size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Fold& f = (*folds)[i];
    CHECK(absl::StrCat(f.index, " ", f.train_begin, " ", f.train_end, " ", f.test_begin, " ",
                       f.test_end) == expected[i]);
  }
}

// A candidate line: "<model_type> error=<message>" or "<model_type> wape=.. smape=.. ...".
CandidateBacktest SyntheticCandidate(const std::string& line) {
  const std::vector<std::string> w = Words(line);
  CandidateBacktest c{.model_type = w.at(0)};
  const std::size_t error = line.find("error=");
  if (error != std::string::npos) {
    c.result = absl::InvalidArgumentError(line.substr(error + 6));
    return c;
  }
  std::map<std::string, double> kv = KeyValues(line, 1);
  BacktestResult r{.model_type = c.model_type};
  r.metrics[Metric::kWape].value = kv["wape"];
  r.metrics[Metric::kSmape].value = kv["smape"];
  r.metrics[Metric::kMae].value = kv["mae"];
  r.metrics[Metric::kBias].value = kv["bias"];
  r.metrics[Metric::kRmse].value = kv.count("rmse") ? kv["rmse"] : kv["mae"];
  r.metrics[Metric::kMase].value = kv.count("mase") ? kv["mase"] : 1.0;
  r.metrics.sample_size = kv.count("sample_size") ? static_cast<int>(kv["sample_size"]) : 70;
  c.result = std::move(r);
  return c;
}

// A series line: "linear <n> <start> <step>", "weekly <n> <weekday> <weekend>" or values.
std::vector<double> SeriesValues(const std::string& s) {
  const std::vector<std::string> w = Words(s);
  std::vector<double> v;
  if (w.at(0) == "linear" || w.at(0) == "weekly") {
    for (int i = 0; i < std::atoi(w.at(1).c_str()); ++i) {
      v.push_back(w[0] == "linear" ? Number(w.at(2)) + i * Number(w.at(3))
                                   : (i % 7 >= 5 ? Number(w.at(3)) : Number(w.at(2))));
    }
  } else {
    for (const std::string& x : w) v.push_back(Number(x));
  }
  return v;
}

Series MakeSeries(const std::vector<double>& values) {
  Series s;
  for (std::size_t i = 0; i < values.size(); ++i) {
    s.dates.push_back(absl::CivilDay(2024, 1, 1) + static_cast<int>(i));
    s.values.push_back(values[i]);
    s.unit_prices.push_back(std::nullopt);
    s.promo_active.push_back(false);
    s.is_holiday.push_back(false);
    s.imputed.push_back(false);
  }
  return s;
}

void CheckOutcome(const GoldenCase& c, const SelectionOutcome& o) {
  std::vector<std::string> order, ranks;
  for (const RankingEntry& e : o.ranking.entries) {
    order.push_back(e.model_type);
    ranks.push_back(e.rank ? std::to_string(*e.rank) : "-");
  }
  if (!c.One("expect_order").empty()) CHECK(order == Words(c.One("expect_order")));
  if (!c.One("expect_ranks").empty()) CHECK(ranks == Words(c.One("expect_ranks")));
  for (const std::string& line : c.All("expect_reason")) {
    std::pair<std::string, std::string> kv = absl::StrSplit(line, absl::MaxSplits(" | ", 1));
    auto it = std::find_if(o.ranking.entries.begin(), o.ranking.entries.end(),
                           [&](const RankingEntry& e) { return e.model_type == kv.first; });
    REQUIRE(it != o.ranking.entries.end());
    CHECK(it->exclusion_reason == kv.second);
  }
  if (!c.One("expect_winner").empty()) {
    CHECK((o.winner() ? o.winner()->model_type : "none") == c.One("expect_winner"));
    CHECK(o.chart_data.has_value() == (o.winner() != nullptr));
  }
  if (!c.One("expect_confidence").empty()) {
    CHECK(ConfidenceLevelName(o.confidence.level) == c.One("expect_confidence"));
    CHECK(o.business_summary.recommendation_confidence == o.confidence.level);
  }
  if (!c.One("expect_confidence_reason").empty()) {
    REQUIRE_FALSE(o.confidence.reasons.empty());
    CHECK(o.confidence.reasons.front() == c.One("expect_confidence_reason"));
  }
  if (!c.One("expect_headline").empty())
    CHECK(o.business_summary.headline == c.One("expect_headline"));
  // Every case: the summary's sentences read cleanly, with no doubled period and none twice.
  const BusinessSummary& summary = o.business_summary;
  std::vector<std::string> sentences = {summary.headline};
  for (const auto* part : {&summary.confidence_reasons, &summary.data_notes, &summary.caveats}) {
    sentences.insert(sentences.end(), part->begin(), part->end());
  }
  std::set<std::string> seen;
  for (const std::string& sentence : sentences) {
    INFO(sentence);
    CHECK(sentence.find("..") == std::string::npos);
    CHECK(sentence.find(" .") == std::string::npos);
    CHECK(seen.insert(sentence).second);
  }
}

SettleInput Request(const GoldenCase& c, std::span<const CandidateBacktest> candidates) {
  SettleInput in{.candidates = candidates};
  if (!c.One("ranking_metric").empty())
    in.ranking_metric = *ParseRankingMetric(c.One("ranking_metric"));
  std::map<std::string, double> p = KeyValues(c.One("policy"));
  if (p.count("minimum_sample_size"))
    in.policy.minimum_sample_size = static_cast<int>(p["minimum_sample_size"]);
  if (p.count("high_confidence_rel_improvement")) {
    in.policy.high_confidence_rel_improvement = p["high_confidence_rel_improvement"];
  }
  if (p.count("max_acceptable_abs_bias"))
    in.policy.max_acceptable_abs_bias = p["max_acceptable_abs_bias"];
  in.availability.status = c.One("availability") == "limited" ? AvailabilityStatus::kLimited
                                                              : AvailabilityStatus::kReady;
  return in;
}

void RunSelectionCase(const GoldenCase& c) {
  std::vector<CandidateBacktest> candidates;
  for (const std::string& line : c.All("candidate")) candidates.push_back(SyntheticCandidate(line));
  CheckOutcome(c, SettleSelection(Request(c, candidates)));
}

void RunBacktestCase(const GoldenCase& c) {
  const Series s = MakeSeries(SeriesValues(c.One("series")));
  BacktestOptions options{.split = ParseSplit(c.One("split"))};
  std::vector<CandidateBacktest> candidates;
  for (const std::string& type : c.All("candidate")) {
    candidates.push_back(
        {.model_type = type, .result = RunBacktest(s, type, {}, options, NeverCancelled())});
  }
  for (const std::string& line : c.All("expect_test_begins")) {  // "<model> 30 49 ..."
    const std::vector<std::string> w = Words(line);
    auto it = std::find_if(candidates.begin(), candidates.end(),
                           [&](const CandidateBacktest& x) { return x.model_type == w[0]; });
    REQUIRE(it->result.ok());
    std::vector<std::string> begins;
    for (const FoldResult& f : it->result->folds)
      begins.push_back(std::to_string(f.fold.test_begin));
    CHECK(begins == std::vector<std::string>(w.begin() + 1, w.end()));
  }
  for (const std::string& line : c.All("expect_fold_metrics")) {  // "<model> <fold> k=v ..."
    const std::vector<std::string> w = Words(line);
    auto it = std::find_if(candidates.begin(), candidates.end(),
                           [&](const CandidateBacktest& x) { return x.model_type == w[0]; });
    REQUIRE(it->result.ok());
    const FoldResult& fold = it->result->folds.at(std::stoul(w.at(1)));
    for (const auto& [name, want] : KeyValues(line, 2)) {
      CheckNear(MetricByName(fold.metrics, name), want, w[0] + " fold " + w[1] + " " + name);
    }
  }
  for (const std::string& line : c.All("expect_metrics")) {  // "<model> k=v ..."
    const std::vector<std::string> w = Words(line);
    auto it = std::find_if(candidates.begin(), candidates.end(),
                           [&](const CandidateBacktest& x) { return x.model_type == w[0]; });
    REQUIRE(it->result.ok());
    for (const auto& [name, want] : KeyValues(line, 1)) {
      CheckNear(AggregateByName(it->result->metrics, name), want, w[0] + " " + name);
    }
  }
  CheckOutcome(c, SettleSelection(Request(c, candidates)));
}

TEST_CASE("Golden cases", "[engine][golden]") {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(CHAMPION_ENGINE_CASES_DIR)) {
    if (entry.path().extension() == ".case") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 15);
  for (const std::filesystem::path& path : files) {
    const GoldenCase c = Parse(path);
    DYNAMIC_SECTION(c.file << ": " << c.One("name")) {
      INFO(c.One("description"));
      REQUIRE_FALSE(c.One("name").empty());
      const std::string kind = c.One("kind");
      if (kind == "folds") {
        RunFoldsCase(c);
      } else if (kind == "selection") {
        RunSelectionCase(c);
      } else if (kind == "backtest") {
        RunBacktestCase(c);
      } else {
        FAIL("unknown kind '" << kind << "'");
      }
    }
  }
}

}  // namespace
}  // namespace champion::engine
