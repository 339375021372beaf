// How close auto_ets' search comes to the likelihood optimum, for several search settings:
// the check behind any change to the ETS optimiser (docs/BENCHMARKS.md).
//
// For each series and each of the default backtest folds it runs the backtest's chain of
// form selections (warm starts from the previous fold) once per setting, then searches every
// form again thoroughly (a cold fit and repeated restarts from the best point found, with a
// long, very tight polish) and reports, per setting, how far the fits stayed above the best
// AICc found, in how many folds the chosen form differs from the thorough one, and the time.
//
//   ets_search_check [--series_seeds=1,2,3] [--series_file=PATH]...
//                    [--settings=default,1e-7/1/1e-3]
//
// A setting is "default" (ets::SearchOptions{}) or
// polish_tolerance/polish_step_scale/scout_tolerance.
//
// --series_file reads one value per line after a line "values" ('#' lines are comments), the
// format of selector-worker/tests/engine/cases/*.series.

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "engine/backtest/split_config.h"
#include "engine/backtest/splitter.h"
#include "engine/cancel_token.h"
#include "engine/kernels/ets_fit.h"
#include "engine/kernels/ets_select.h"
#include "synthetic_series.h"

namespace {

using champion::engine::CancelToken;
using champion::engine::Fold;
using champion::engine::MakeFolds;
using champion::engine::SplitConfig;
namespace ets = champion::engine::ets;

constexpr int kPeriod = 7;
const ets::SearchOptions kThorough{.scout_tolerance = 1e-3,
                                   .polish_evaluations = 20000,
                                   .polish_tolerance = 1e-10,
                                   .polish_step_scale = 1.0};

struct Setting {
  std::string name;
  ets::SearchOptions options;
};

std::optional<Setting> ParseSetting(absl::string_view text) {
  if (text == "default") return Setting{"default", {}};
  const std::vector<std::string> parts = absl::StrSplit(text, '/');
  ets::SearchOptions o;
  if (parts.size() != 3 || !absl::SimpleAtod(parts[0], &o.polish_tolerance) ||
      !absl::SimpleAtod(parts[1], &o.polish_step_scale) ||
      !absl::SimpleAtod(parts[2], &o.scout_tolerance)) {
    return std::nullopt;
  }
  return Setting{std::string(text), o};
}

struct NamedSeries {
  std::string name;
  std::vector<double> values;
};

std::vector<double> ReadSeriesFile(const std::string& path) {
  std::ifstream in(path);
  std::vector<double> y;
  std::string line;
  bool values = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    double v = 0;
    if (values && absl::SimpleAtod(line, &v)) y.push_back(v);
    if (line == "values") values = true;
  }
  return y;
}

// One chain of fold selections at one tolerance: per fold, every form's fit.
struct ChainResult {
  std::vector<std::vector<ets::FittedForm>> fits;  // [fold][form]
  std::vector<ets::Form> chosen;                   // [fold]
  double seconds = 0;
};

ChainResult RunChain(const std::vector<double>& y, const std::vector<Fold>& folds,
                     const ets::SearchOptions& options) {
  const CancelToken never;
  ChainResult out;
  std::vector<ets::FittedForm> previous;
  const auto start = std::chrono::steady_clock::now();
  for (const Fold& fold : folds) {
    const std::span<const double> train(y.data(), static_cast<std::size_t>(fold.train_end));
    std::vector<ets::FittedForm> fits;
    const absl::StatusOr<ets::FittedForm> chosen =
        ets::SelectForm(train, kPeriod, never, previous, &fits, options);
    out.chosen.push_back(chosen.ok() ? chosen->form : ets::Form{});
    out.fits.push_back(fits);
    previous = std::move(fits);
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

// The best AICc found for one form on one training prefix, starting from `seeds`.
double ThoroughAicc(std::span<const double> train, const ets::Form& form,
                    const std::vector<const ets::FittedForm*>& seeds) {
  const CancelToken never;
  double best = std::numeric_limits<double>::infinity();
  std::vector<double> at;
  auto consider = [&](const absl::StatusOr<ets::FittedForm>& fit) {
    if (fit.ok() && fit->aicc < best) {
      best = fit->aicc;
      at = fit->coordinates;
    }
  };
  for (const ets::FittedForm* seed : seeds) {
    if (seed->aicc < best) {
      best = seed->aicc;
      at = seed->coordinates;
    }
  }
  consider(ets::FitForm(train, form, never, {}, kThorough));
  for (int round = 0; round < 3 && !at.empty(); ++round) {
    const std::vector<double> from = at;
    consider(ets::FitForm(train, form, never, from, kThorough));
  }
  return best;
}

struct Tally {
  int fits = 0;
  int over_0_1 = 0;  // fits more than 0.1 AICc above the best found
  int over_1 = 0;
  double worst = 0;
  int folds = 0;
  int other_form = 0;  // folds whose chosen form is not the thorough search's
  double seconds = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<uint64_t> seeds = {1, 2, 3};
  std::vector<std::string> files;
  std::vector<Setting> settings = {{"default", {}}};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](std::string_view flag) { return arg.substr(flag.size()); };
    if (arg.starts_with("--series_seeds=")) {
      seeds.clear();
      for (absl::string_view s : absl::StrSplit(value("--series_seeds="), ',')) {
        uint64_t v = 0;
        if (absl::SimpleAtoi(s, &v)) seeds.push_back(v);
      }
    } else if (arg.starts_with("--series_file=")) {
      files.push_back(value("--series_file="));
    } else if (arg.starts_with("--settings=")) {
      settings.clear();
      for (absl::string_view s : absl::StrSplit(value("--settings="), ',')) {
        std::optional<Setting> setting = ParseSetting(s);
        if (!setting) {
          std::fprintf(stderr, "bad setting %s\n", std::string(s).c_str());
          return 2;
        }
        settings.push_back(*std::move(setting));
      }
    } else {
      std::fprintf(stderr, "unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  std::vector<NamedSeries> series;
  for (uint64_t seed : seeds) {
    series.push_back({"synthetic seed " + std::to_string(seed),
                      champion::bench::MakeRetailSeries({.seed = seed}).series.values});
  }
  for (const std::string& f : files) series.push_back({f, ReadSeriesFile(f)});

  std::vector<Tally> tally(settings.size());
  for (const NamedSeries& s : series) {
    const absl::StatusOr<std::vector<Fold>> folds =
        MakeFolds(static_cast<int>(s.values.size()), SplitConfig{});
    if (!folds.ok() || s.values.empty()) {
      std::fprintf(stderr, "%s: no folds\n", s.name.c_str());
      return 1;
    }
    std::vector<ChainResult> chains;
    for (const Setting& setting : settings) {
      chains.push_back(RunChain(s.values, *folds, setting.options));
    }
    for (std::size_t k = 0; k < folds->size(); ++k) {
      const std::span<const double> train(s.values.data(),
                                          static_cast<std::size_t>((*folds)[k].train_end));
      const std::vector<ets::FittedForm>& forms = chains.front().fits[k];
      std::vector<double> reference;
      for (std::size_t j = 0; j < forms.size(); ++j) {
        std::vector<const ets::FittedForm*> found;
        for (const ChainResult& c : chains) {
          if (j < c.fits[k].size() && c.fits[k][j].form == forms[j].form) {
            found.push_back(&c.fits[k][j]);
          }
        }
        reference.push_back(ThoroughAicc(train, forms[j].form, found));
      }
      std::size_t best_form = 0;
      for (std::size_t j = 1; j < reference.size(); ++j) {
        if (reference[j] < reference[best_form]) best_form = j;
      }
      for (std::size_t t = 0; t < settings.size(); ++t) {
        Tally& a = tally[t];
        const std::vector<ets::FittedForm>& fits = chains[t].fits[k];
        for (std::size_t j = 0; j < fits.size() && j < reference.size(); ++j) {
          const double deficit = fits[j].aicc - reference[j];
          ++a.fits;
          a.over_0_1 += deficit > 0.1 ? 1 : 0;
          a.over_1 += deficit > 1.0 ? 1 : 0;
          a.worst = std::max(a.worst, deficit);
        }
        ++a.folds;
        if (!(chains[t].chosen[k] == forms[best_form].form)) {
          ++a.other_form;
          std::printf("%s fold %zu, setting %s: chose %s, thorough search %s\n", s.name.c_str(), k,
                      settings[t].name.c_str(), ets::FormName(chains[t].chosen[k]).c_str(),
                      ets::FormName(forms[best_form].form).c_str());
        }
      }
    }
    for (std::size_t t = 0; t < settings.size(); ++t) tally[t].seconds += chains[t].seconds;
  }
  std::printf("\n%-20s %6s %6s %6s %8s %6s %10s %8s\n", "setting", "fits", ">0.1", ">1", "worst",
              "folds", "otherform", "seconds");
  for (std::size_t t = 0; t < settings.size(); ++t) {
    const Tally& a = tally[t];
    std::printf("%-20s %6d %6d %6d %8.3f %6d %10d %8.3f\n", settings[t].name.c_str(), a.fits,
                a.over_0_1, a.over_1, a.worst, a.folds, a.other_form, a.seconds);
  }
  return 0;
}
