#include "service/run_mapping.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "service/proto_mapping.h"

namespace champion::service {
namespace {

namespace v1 = champion::v1;

void SetTime(const absl::Time& t, google::protobuf::Timestamp* out) {
  const int64_t micros = absl::ToUnixMicros(t);
  *out = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(micros);
}

v1::CandidateState ToProto(runs::CandidateStatus s) {
  switch (s) {
    case runs::CandidateStatus::kPending:
      return v1::CANDIDATE_STATE_PENDING;
    case runs::CandidateStatus::kRunning:
      return v1::CANDIDATE_STATE_RUNNING;
    case runs::CandidateStatus::kCompleted:
      return v1::CANDIDATE_STATE_COMPLETED;
    case runs::CandidateStatus::kFailed:
      return v1::CANDIDATE_STATE_FAILED;
    case runs::CandidateStatus::kCancelled:
      return v1::CANDIDATE_STATE_CANCELLED;
  }
  return v1::CANDIDATE_STATE_UNSPECIFIED;
}

v1::ConfidenceLevel ToProto(engine::ConfidenceLevel level) {
  switch (level) {
    case engine::ConfidenceLevel::kHigh:
      return v1::CONFIDENCE_LEVEL_HIGH;
    case engine::ConfidenceLevel::kMedium:
      return v1::CONFIDENCE_LEVEL_MEDIUM;
    case engine::ConfidenceLevel::kLow:
      return v1::CONFIDENCE_LEVEL_LOW;
  }
  return v1::CONFIDENCE_LEVEL_UNSPECIFIED;
}

void SetStability(const engine::AggregateMetrics& a, v1::Metrics* out) {
  engine::PerMetric<double> stability;
  for (engine::Metric metric : engine::kAllMetrics) stability[metric] = a[metric].stability;
  SetStabilityFields(stability, out);
}

// Ranked metrics of an included entry; the stability comes from the candidate's backtest.
void ToProto(const engine::RankedMetrics& m, const runs::CandidateRecord* candidate,
             v1::Metrics* out) {
  SetMetricFields(m, out);
  out->set_sample_size(m.sample_size);
  if (candidate != nullptr && candidate->result) SetStability(candidate->result->metrics, out);
}

void ToProto(const engine::FoldResult& fold, v1::FoldMetrics* out) {
  out->set_fold_index(fold.fold.index);
  if (fold.train_from && fold.train_to) {
    out->mutable_train()->set_start_date(FormatDate(*fold.train_from));
    out->mutable_train()->set_end_date(FormatDate(*fold.train_to));
  }
  if (!fold.dates.empty()) {
    out->mutable_test()->set_start_date(FormatDate(fold.dates.front()));
    out->mutable_test()->set_end_date(FormatDate(fold.dates.back()));
  }
  auto* m = out->mutable_metrics();
  SetMetricFields(fold.metrics, m);
  m->set_sample_size(static_cast<int64_t>(fold.actuals.size()));
}

const runs::CandidateRecord* CandidateAt(const runs::RunRecord& run, int input_index) {
  if (input_index < 0 || input_index >= static_cast<int>(run.candidates.size())) return nullptr;
  return &run.candidates[input_index];
}

void ToProto(const runs::RunRecord& run, const engine::RankingEntry& e, v1::RankingEntry* out) {
  if (e.rank) out->set_rank(*e.rank);
  out->set_model_type(e.model_type);
  *out->mutable_params() = ParamsToStruct(e.params);
  out->set_included(e.included);
  out->set_exclusion_reason(e.exclusion_reason);
  const runs::CandidateRecord* candidate = CandidateAt(run, e.input_index);
  if (e.metrics) ToProto(*e.metrics, candidate, out->mutable_metrics());
  if (candidate != nullptr) {
    if (candidate->result) {
      for (const auto& fold : candidate->result->folds) ToProto(fold, out->add_fold_metrics());
    }
    out->set_error(candidate->error_message);
  }
}

void ToProto(const std::vector<engine::FoldSeries>& folds,
             google::protobuf::RepeatedPtrField<v1::FoldSeries>* out) {
  for (const auto& f : folds) {
    auto* s = out->Add();
    s->set_fold_index(f.fold_index);
    for (const auto& d : f.dates) s->add_dates(FormatDate(d));
    s->mutable_actuals()->Add(f.actuals.begin(), f.actuals.end());
    s->mutable_predictions()->Add(f.predictions.begin(), f.predictions.end());
  }
}

void ToProto(const engine::ChartData& c, v1::ChartData* out) {
  for (const auto& [list, target] : {std::pair{&c.wape_by_model, out->mutable_wape_by_model()},
                                     std::pair{&c.bias_by_model, out->mutable_bias_by_model()}}) {
    for (const auto& v : *list) {
      auto* mv = target->Add();
      mv->set_model_type(v.model_type);
      mv->set_value(v.value);
      mv->set_is_winner(v.is_winner);
    }
  }
  for (const auto& s : c.fold_stability) {
    auto* fs = out->add_fold_stability();
    fs->set_model_type(s.model_type);
    fs->mutable_wape_by_fold()->Add(s.wape_by_fold.begin(), s.wape_by_fold.end());
  }
  ToProto(c.winner_actual_vs_predicted, out->mutable_winner_actual_vs_predicted());
  for (const auto& [model_type, folds] : c.actual_vs_predicted) {
    ToProto(folds, (*out->mutable_actual_vs_predicted())[model_type].mutable_folds());
  }
}

void ToProto(const engine::BusinessSummary& s, v1::BusinessSummary* out) {
  out->set_headline(s.headline);
  if (s.winner) {
    out->mutable_winner()->set_model_type(s.winner->model_type);
    out->mutable_winner()->set_summary(s.winner->summary);
  }
  if (s.comparison) {
    auto* c = out->mutable_comparison();
    c->set_runner_up_model_type(s.comparison->runner_up_model_type);
    c->set_runner_up_summary(s.comparison->runner_up_summary);
    c->set_lead_text(s.comparison->lead_text);
  }
  out->set_recommendation_confidence(ToProto(s.recommendation_confidence));
  for (const auto& r : s.confidence_reasons) out->add_confidence_reasons(r);
  for (const auto& n : s.data_notes) out->add_data_notes(n);
  for (const auto& c : s.caveats) out->add_caveats(c);
}

void ToProto(const engine::SignificanceReport& s, v1::Significance* out) {
  out->set_statistic(s.test.statistic);
  out->set_p_value(s.test.p_value);
  out->set_runner_up_model_type(s.runner_up_model_type);
  out->set_sample_size(s.sample_size);
  out->set_finding(s.finding);
}

void ToWinnerProto(const runs::RunRecord& run, const engine::RankingEntry& w, v1::Winner* out) {
  out->set_model_type(w.model_type);
  *out->mutable_params() = ParamsToStruct(w.params);
  if (w.metrics) ToProto(*w.metrics, CandidateAt(run, w.input_index), out->mutable_metrics());
  out->set_rank(w.rank.value_or(1));
}

void ToProto(const runs::FinalModel& f, v1::Run* out) {
  auto* m = out->mutable_final_model();
  m->set_model_type(f.model_type);
  *m->mutable_params() = ParamsToStruct(f.params);
  m->mutable_trained_on()->set_start_date(FormatDate(f.trained_from));
  m->mutable_trained_on()->set_end_date(FormatDate(f.trained_to));
  m->set_n_observations(f.n_observations);
  if (f.forecast_dates.empty()) return;
  auto* forecast = out->mutable_forecast();
  for (const auto& d : f.forecast_dates) forecast->add_dates(FormatDate(d));
  forecast->mutable_values()->Add(f.forecast_values.begin(), f.forecast_values.end());
  for (std::size_t i = 0; i < f.quantile_levels.size() && i < f.forecast_quantiles.size(); ++i) {
    auto* q = forecast->add_quantiles();
    q->set_level(f.quantile_levels[i]);
    q->mutable_values()->Add(f.forecast_quantiles[i].begin(), f.forecast_quantiles[i].end());
  }
  forecast->set_interval_method(f.interval_method);
}

void ToSpecProto(const runs::SelectionSpec& spec, v1::Run* out) {
  out->set_store_id(spec.store_id);
  out->set_product_id(spec.product_id);
  if (spec.window_start || spec.window_end) {
    if (spec.window_start) {
      out->mutable_selection_window()->set_start_date(FormatDate(*spec.window_start));
    }
    if (spec.window_end)
      out->mutable_selection_window()->set_end_date(FormatDate(*spec.window_end));
  }
  out->set_forecast_horizon(spec.forecast_horizon);
  out->set_ranking_metric(MetricToProto(spec.ranking_metric));
  service::ToProto(spec.split, out->mutable_split_config());
  out->set_request_id(spec.request_id);
}

void ToCandidateProto(const runs::CandidateRecord& c, v1::CandidateProgress* out) {
  out->set_candidate_id(c.candidate_id);
  out->set_ordinal(c.ordinal);
  out->set_model_type(c.model_type);
  out->set_status(ToProto(c.status));
  out->set_error(c.error_message);
  if (c.started_at) SetTime(*c.started_at, out->mutable_started_at());
  if (c.completed_at) SetTime(*c.completed_at, out->mutable_completed_at());
  if (c.duration_ms) out->set_duration_ms(*c.duration_ms);
  out->set_folds_done(c.folds_done);
  out->set_folds_total(c.folds_total);
  out->set_attempt(c.attempt);
}

}  // namespace

v1::RunState ToProto(runs::RunStatus s) {
  switch (s) {
    case runs::RunStatus::kPending:
      return v1::RUN_STATE_PENDING;
    case runs::RunStatus::kRunning:
      return v1::RUN_STATE_RUNNING;
    case runs::RunStatus::kCompleted:
      return v1::RUN_STATE_COMPLETED;
    case runs::RunStatus::kPartial:
      return v1::RUN_STATE_PARTIAL;
    case runs::RunStatus::kFailed:
      return v1::RUN_STATE_FAILED;
    case runs::RunStatus::kCancelled:
      return v1::RUN_STATE_CANCELLED;
  }
  return v1::RUN_STATE_UNSPECIFIED;
}

std::optional<runs::RunStatus> FromProto(v1::RunState state) {
  for (auto s :
       {runs::RunStatus::kPending, runs::RunStatus::kRunning, runs::RunStatus::kCompleted,
        runs::RunStatus::kPartial, runs::RunStatus::kFailed, runs::RunStatus::kCancelled}) {
    if (ToProto(s) == state) return s;
  }
  return std::nullopt;
}

void ToProgressProto(const runs::RunRecord& run, v1::Progress* out) {
  out->set_total(static_cast<int>(run.candidates.size()));
  for (const auto& c : run.candidates) {
    switch (c.status) {
      case runs::CandidateStatus::kPending:
        out->set_pending(out->pending() + 1);
        break;
      case runs::CandidateStatus::kRunning:
        out->set_running(out->running() + 1);
        break;
      case runs::CandidateStatus::kCompleted:
        out->set_completed(out->completed() + 1);
        break;
      case runs::CandidateStatus::kFailed:
        out->set_failed(out->failed() + 1);
        break;
      case runs::CandidateStatus::kCancelled:
        out->set_cancelled(out->cancelled() + 1);
        break;
    }
    out->set_folds_done(out->folds_done() + c.folds_done);
    out->set_folds_total(out->folds_total() + c.folds_total);
  }
}

void ToProto(const runs::RunRecord& run, v1::Run* out) {
  out->set_selection_id(run.selection_id);
  out->set_status(ToProto(run.status));
  ToSpecProto(run.spec, out);
  if (run.availability) {
    service::ToProto(*run.availability, {.forecast_horizon = run.spec.forecast_horizon},
                     out->mutable_availability());
    out->mutable_availability()->set_store_id(run.spec.store_id);
    out->mutable_availability()->set_product_id(run.spec.product_id);
  }
  out->set_recommendation_confidence(v1::CONFIDENCE_LEVEL_LOW);
  if (run.outcome) {
    const auto& o = *run.outcome;
    for (const auto& e : o.ranking.entries) ToProto(run, e, out->add_ranking());
    if (const auto* w = o.winner()) ToWinnerProto(run, *w, out->mutable_winner());
    out->set_recommendation_confidence(ToProto(o.confidence.level));
    out->set_ranked_by(MetricToProto(o.ranking.ranked_by));
    for (const auto& r : o.confidence.reasons) out->add_confidence_reasons(r);
    if (o.significance) ToProto(*o.significance, out->mutable_significance());
    if (o.chart_data) ToProto(*o.chart_data, out->mutable_chart_data());
    ToProto(o.business_summary, out->mutable_business_summary());
  }
  if (run.final_model) ToProto(*run.final_model, out);
  out->set_error_message(run.error_message);
  SetTime(run.created_at, out->mutable_created_at());
  if (run.started_at) SetTime(*run.started_at, out->mutable_started_at());
  if (run.completed_at) SetTime(*run.completed_at, out->mutable_completed_at());
  ToProgressProto(run, out->mutable_progress());
  for (const auto& c : run.candidates) ToCandidateProto(c, out->add_candidate_progress());
  const std::string url = absl::StrCat("/model-selection/", run.selection_id);
  out->set_monitor_url(url);
  out->set_cancel_url(url);
}

void ToRankingProto(const runs::RunRecord& run, v1::Ranking* out) {
  out->set_confidence(v1::CONFIDENCE_LEVEL_LOW);
  if (!run.outcome) return;
  const auto& o = *run.outcome;
  out->set_ranked_by(MetricToProto(o.ranking.ranked_by));
  for (const auto& e : o.ranking.entries) ToProto(run, e, out->add_entries());
  if (const auto* w = o.winner()) ToWinnerProto(run, *w, out->mutable_winner());
  out->set_confidence(ToProto(o.confidence.level));
  for (const auto& r : o.confidence.reasons) out->add_reasons(r);
  if (o.significance) ToProto(*o.significance, out->mutable_significance());
}

void ToSummaryProto(const runs::RunRecord& run, v1::RunSummary* out) {
  out->set_selection_id(run.selection_id);
  out->set_store_id(run.spec.store_id);
  out->set_product_id(run.spec.product_id);
  out->set_status(ToProto(run.status));
  out->set_recommendation_confidence(v1::CONFIDENCE_LEVEL_LOW);
  if (run.outcome) {
    if (const auto* w = run.outcome->winner()) out->set_winner_model_type(w->model_type);
    out->set_recommendation_confidence(ToProto(run.outcome->confidence.level));
  }
  ToProgressProto(run, out->mutable_progress());
  out->set_error_message(run.error_message);
  SetTime(run.created_at, out->mutable_created_at());
  if (run.completed_at) SetTime(*run.completed_at, out->mutable_completed_at());
  out->set_store_code(run.labels.store_code);
  out->set_store_name(run.labels.store_name);
  out->set_product_sku(run.labels.product_sku);
  out->set_product_name(run.labels.product_name);
}

}  // namespace champion::service
