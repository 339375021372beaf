#include "seed/demo_catalog.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace champion::seed::internal {
namespace {

constexpr std::array<std::string_view, 8> kCities = {"Springfield", "Riverton",  "Lakeside",
                                                     "Fairview",    "Hillcrest", "Brookfield",
                                                     "Oakridge",    "Maplewood"};
constexpr std::array<std::string_view, 4> kRegions = {"North", "South", "East", "West"};
constexpr std::array<std::string_view, 4> kStoreTypes = {"supermarket", "hypermarket",
                                                         "convenience", "express"};
constexpr std::array<std::string_view, 8> kCategories = {
    "Beverages", "Snacks", "Dairy", "Produce", "Bakery", "Household", "Personal Care", "Frozen"};
constexpr std::array<std::string_view, 6> kBrands = {"Acme",   "Northwind", "Contoso",
                                                     "Globex", "Initech",   "Umbrella"};
constexpr std::array<std::string_view, 10> kAdjectives = {"Classic", "Organic", "Fresh", "Golden",
                                                          "Family",  "Premium", "Daily", "Crispy",
                                                          "Light",   "Rustic"};
constexpr std::array<std::string_view, 10> kNouns = {"Cola",   "Chips",     "Yogurt",  "Apples",
                                                     "Bread",  "Detergent", "Shampoo", "Pizza",
                                                     "Cheese", "Coffee"};
constexpr std::array<double, 7> kWeekly = {0.88, 0.90, 0.94, 1.00, 1.12, 1.32, 0.84};
constexpr std::array<double, 5> kDiscounts = {10, 15, 20, 25, 30};

template <size_t N>
std::string Pick(const std::array<std::string_view, N>& values, size_t i) {
  return std::string(values[i % N]);
}

// Easter Sunday (anonymous Gregorian algorithm).
absl::CivilDay EasterSunday(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  return absl::CivilDay(y, (h + l - 7 * m + 114) / 31, ((h + l - 7 * m + 114) % 31) + 1);
}

// The n-th (1-based) given weekday of a month; n = -1 is the last one.
absl::CivilDay NthWeekday(int y, int month, absl::Weekday weekday, int n) {
  if (n < 0) {
    absl::CivilDay last = absl::CivilDay(y, month + 1, 1) - 1;
    while (absl::GetWeekday(last) != weekday) last -= 1;
    return last;
  }
  absl::CivilDay first(y, month, 1);
  while (absl::GetWeekday(first) != weekday) first += 1;
  return first + 7 * (n - 1);
}

std::map<absl::CivilDay, std::string> HolidaysOfYear(int y) {
  const absl::CivilDay thanksgiving = NthWeekday(y, 11, absl::Weekday::thursday, 4);
  return {
      {absl::CivilDay(y, 1, 1), "New Year's Day"},
      {absl::CivilDay(y, 2, 14), "Valentine's Day"},
      {EasterSunday(y), "Easter Sunday"},
      {NthWeekday(y, 5, absl::Weekday::monday, -1), "Memorial Day"},
      {absl::CivilDay(y, 7, 4), "Independence Day"},
      {NthWeekday(y, 9, absl::Weekday::monday, 1), "Labor Day"},
      {absl::CivilDay(y, 10, 31), "Halloween"},
      {thanksgiving, "Thanksgiving"},
      {thanksgiving + 1, "Black Friday"},
      {absl::CivilDay(y, 12, 24), "Christmas Eve"},
      {absl::CivilDay(y, 12, 25), "Christmas Day"},
      {absl::CivilDay(y, 12, 31), "New Year's Eve"},
  };
}

absl::CivilDay RandomDay(absl::CivilDay start, int days, Rng& rng) {
  return start + rng.UniformInt(0, days - 1);
}

}  // namespace

double HolidayEffect(std::string_view name) {
  if (name == "Christmas Day") return 0.0;  // stores closed
  if (name == "Black Friday") return 1.8;
  if (name == "Christmas Eve") return 1.6;
  if (name == "New Year's Eve") return 1.35;
  if (name == "New Year's Day" || name == "Thanksgiving" || name == "Easter Sunday") return 0.55;
  return 1.15;
}

std::vector<DemoStore> MakeStores(const Options& options, Rng& rng,
                                  std::vector<StoreProfile>* profiles) {
  std::vector<DemoStore> stores;
  const absl::CivilDay start = options.end_date - (options.days - 1);
  for (int i = 0; i < options.stores; ++i) {
    DemoStore store;
    store.id = i + 1;
    store.code = absl::StrFormat("S%03d", i + 1);
    store.city = Pick(kCities, static_cast<size_t>(i));
    store.region = Pick(kRegions, static_cast<size_t>(i));
    store.store_type = Pick(kStoreTypes, static_cast<size_t>(i));
    store.name =
        absl::StrCat(store.city, " ", store.store_type == "express" ? "Express" : "Market");
    if (i >= static_cast<int>(kCities.size())) absl::StrAppend(&store.name, " ", i + 1);
    StoreProfile profile;
    profile.factor = i == 0 ? 1.2 : rng.Uniform(0.6, 1.4);
    // Store 3 closes a week for renovation (a run of missing days in its history).
    if (i == 2 && options.days >= 60) {
      profile.closed_from = start + options.days / 2;
      profile.closed_to = *profile.closed_from + 6;
    }
    stores.push_back(std::move(store));
    profiles->push_back(profile);
  }
  return stores;
}

std::vector<DemoProduct> MakeProducts(const Options& options, absl::CivilDay start, Rng& rng,
                                      std::vector<ProductProfile>* profiles) {
  std::vector<DemoProduct> products;
  const int n = options.products;
  for (int id = 1; id <= n; ++id) {
    const size_t i = static_cast<size_t>(id - 1);
    DemoProduct product;
    product.id = id;
    product.sku = absl::StrFormat("SKU-%04d", id);
    product.category = Pick(kCategories, i);
    product.brand = Pick(kBrands, i * 7 / 3);
    product.name = absl::StrCat(Pick(kAdjectives, i / kNouns.size() + i), " ", Pick(kNouns, i));
    ProductProfile profile;
    profile.continuous = id % 7 == 5;
    product.unit_of_measure = profile.continuous ? "kg" : "each";
    if (id == 1) {
      profile.base_level = 24;
    } else if (id % 5 == 4) {
      profile.base_level = rng.Uniform(0.2, 0.6);  // slow mover: mostly zero days
    } else {
      profile.base_level = rng.Uniform(2.0, 18.0);
    }
    profile.yearly_amplitude = rng.Uniform(0.05, 0.35);
    profile.yearly_peak_day = static_cast<int>(rng.UniformInt(1, 365));
    profile.trend_per_year = rng.Uniform(-0.08, 0.18);
    profile.base_price = std::round(rng.Uniform(0.8, 25.0) * 100) / 100;
    for (size_t d = 0; d < 7; ++d) profile.weekly[d] = kWeekly[d] * rng.Uniform(0.93, 1.07);

    // Launch dates: the last two products arrive late (unusable / limited pairs), product 7
    // mid-history; the others predate the history, and every 4th one has no known date.
    std::optional<absl::CivilDay> launch;
    if (n >= 3 && id == n) {
      launch = options.end_date - 28;
    } else if (n >= 3 && id == n - 1) {
      launch = options.end_date - 73;
    } else if (n > 9 && id == 7) {
      launch = start + options.days * 2 / 5;
    } else if (id % 4 != 3) {
      launch = start - rng.UniformInt(100, 2000);
    }
    product.launch_date = launch;
    products.push_back(std::move(product));
    profiles->push_back(profile);
  }
  return products;
}

std::vector<DemoCalendarDay> MakeCalendar(absl::CivilDay start, absl::CivilDay end) {
  std::map<absl::CivilDay, std::string> holidays;
  for (int y = static_cast<int>(start.year()); y <= end.year(); ++y)
    holidays.merge(HolidaysOfYear(y));
  std::vector<DemoCalendarDay> calendar;
  for (absl::CivilDay d = start; d <= end; ++d) {
    DemoCalendarDay day{d, std::nullopt};
    if (auto it = holidays.find(d); it != holidays.end()) day.holiday_name = it->second;
    calendar.push_back(std::move(day));
  }
  return calendar;
}

std::vector<DemoPromotion> MakePromotions(const Options& options, absl::CivilDay start, Rng& rng) {
  std::vector<DemoPromotion> promotions;
  const int months = std::max(1, options.days / 30);
  auto add = [&](std::string name, std::optional<int64_t> store, std::optional<int64_t> product) {
    const absl::CivilDay from = RandomDay(start, options.days, rng);
    const absl::CivilDay to = std::min(options.end_date, from + rng.UniformInt(3, 9));
    const double discount = kDiscounts[static_cast<size_t>(rng.UniformInt(0, 4))];
    promotions.push_back({std::move(name), store, product, from, to, discount});
  };
  for (int m = 0; m < months * 2; ++m) {
    const int64_t product = rng.UniformInt(1, options.products);
    add(absl::StrCat("Chain deal #", m + 1), std::nullopt, product);
  }
  const int store_promos = std::max(1, months * options.stores * 3 / 5);
  for (int m = 0; m < store_promos; ++m) {
    const int64_t store = rng.UniformInt(1, options.stores);
    const int64_t product = rng.UniformInt(1, options.products);
    add(absl::StrCat("Store special #", m + 1), store, product);
  }
  // Chain-wide, all-product Black Friday weekends.
  for (int y = static_cast<int>(start.year()); y <= options.end_date.year(); ++y) {
    const absl::CivilDay bf = NthWeekday(y, 11, absl::Weekday::thursday, 4) + 1;
    if (bf < start || bf + 3 > options.end_date) continue;
    promotions.push_back(
        {absl::StrCat("Black Friday ", y), std::nullopt, std::nullopt, bf, bf + 3, 20});
  }
  return promotions;
}

}  // namespace champion::seed::internal
