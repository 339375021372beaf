import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useRef, useState } from 'react'
import { ProblemAlert } from '@/components/problem-alert'
import { AvailabilityCard, useAvailability } from '@/features/availability'
import { useProducts, useStores, productLabel, storeLabel } from '@/features/catalog'
import {
  BacktestSettingsCard,
  buildRunRequest,
  CandidateModelsCard,
  effectiveSplit,
  initialRunForm,
  preselect,
  RunCard,
  RunResults,
  useModelLabel,
  useModels,
  useRunSnapshot,
  useSubmitRun,
  validateParams,
  validateSplit,
  type RunFormState,
} from '@/features/model-selection'
import { parseCompare, RunCompareDialog, RunHistoryList, runHistoryKeys } from '@/features/run-history'
import { isActive } from '@/lib/run-state'
import { AvailabilityStatus, DemandPattern, type ModelInfo, type PairAvailability } from '@/types/api'
import { NO_RUN_READ, READ_ONLY_CANCEL, READ_ONLY_RUN, type Access } from './access'
import { PairCard, parseHorizon, windowError, type PairState } from './pair-card'
import { useSearchParams } from './use-search-params'

/** Label for an id restored from the URL, once the catalog's first page knows it. */
function useRestoredLabels(pair: PairState, setPair: (p: PairState) => void) {
  const needStore = !!pair.store && pair.store.label.startsWith('Store #')
  const needProduct = !!pair.product && pair.product.label.startsWith('Product #')
  const stores = useStores('', needStore)
  const products = useProducts('', needProduct)
  useEffect(() => {
    let next = pair
    const s = needStore && stores.data?.stores.find((x) => x.id.toString() === pair.store!.id)
    if (s) next = { ...next, store: { id: pair.store!.id, label: storeLabel(s) } }
    const p = needProduct && products.data?.products.find((x) => x.id.toString() === pair.product!.id)
    if (p) next = { ...next, product: { id: pair.product!.id, label: productLabel(p) } }
    if (next !== pair) setPair(next)
  }, [needStore, needProduct, stores.data, products.data, pair, setPair])
}

/** A card in place of what the token may not see. */
function NotPermitted({ children, testId }: { children: string; testId: string }) {
  return (
    <p className="rounded-xl border border-dashed p-6 text-center text-sm text-muted-foreground" data-testid={testId}>
      {children}
    </p>
  )
}

/**
 * The whole dashboard: setup cards 1-5, run history, and the results of the run in the URL,
 * limited to what `access` allows (without runs:read no run is requested).
 */
export function SelectorPage({ access }: { access: Access }) {
  const qc = useQueryClient()
  const [params, setParams] = useSearchParams()
  const runId = params.get('run') ?? undefined
  const compareIds = parseCompare(params.get('compare'))

  const [pair, setPairState] = useState<PairState>(() => {
    const store = params.get('store')
    const product = params.get('product')
    return {
      store: store ? { id: store, label: `Store #${store}` } : null,
      product: product ? { id: product, label: `Product #${product}` } : null,
      horizonText: params.get('horizon') ?? '14',
      startDate: '',
      endDate: '',
    }
  })
  const setPair = (next: PairState) => {
    setPairState(next)
    setParams({ store: next.store?.id, product: next.product?.id, horizon: next.horizonText === '14' ? undefined : next.horizonText })
  }
  useRestoredLabels(pair, setPairState)

  const horizon = parseHorizon(pair.horizonText)
  const availability = useAvailability(pair.store?.id, pair.product?.id, horizon)
  const avail = availability.data

  // Default the window to the pair's full history once availability is known.
  useEffect(() => {
    if (avail?.firstDate && avail.lastDate && !pair.startDate && !pair.endDate) {
      setPairState((p) => ({ ...p, startDate: avail.firstDate!, endDate: avail.lastDate! }))
    }
  }, [avail?.firstDate, avail?.lastDate, pair.startDate, pair.endDate])

  const models = useModels()
  const labelOf = useModelLabel()
  const [form, setForm] = useState<RunFormState>(() => initialRunForm())
  const [formSeeded, setFormSeeded] = useState(false)
  useEffect(() => {
    if (models.data && !formSeeded) {
      setForm(initialRunForm(models.data))
      setFormSeeded(true)
    }
  }, [models.data, formSeeded])

  const catalog = useMemo(() => models.data?.models ?? [], [models.data])
  // The pair's own preselection (for sparse demand, the intermittent family in place of the defaults that assume steady sales) replaces
  // the selection until the planner changes it by hand.
  const [candidatesTouched, setCandidatesTouched] = useState(false)
  const recommendation = useMemo(() => candidateRecommendation(avail, models.data), [avail, models.data])
  const recommendedKey = recommendation?.types.join(',')
  useEffect(() => {
    if (!recommendation || candidatesTouched || catalog.length === 0) return
    setForm((f) => ({ ...f, selected: preselect(recommendation.types, catalog) }))
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the list, not the object
  }, [recommendedKey, catalog, candidatesTouched])
  const changeForm = (next: RunFormState) => {
    if (next.selected !== form.selected) setCandidatesTouched(true)
    setForm(next)
  }

  const paramErrors = useMemo(() => validateParams(form, catalog), [form, catalog])
  const splitErrors = useMemo(() => (form.useRecommendedSplit ? {} : validateSplit(form.split, horizon)), [form, horizon])
  const split = effectiveSplit(form, avail)
  const featureAwareSelected = form.selected.some((t) => catalog.find((m) => m.modelType === t)?.featureAware)

  // A loaded run (e.g. from a shared link) fills in an empty pair.
  const shownRun = useRunSnapshot(runId)
  useEffect(() => {
    const r = shownRun.data
    if (r && !pair.store && !pair.product) {
      setPairState((p) => ({
        ...p,
        store: { id: r.storeId.toString(), label: `Store #${r.storeId}` },
        product: { id: r.productId.toString(), label: `Product #${r.productId}` },
        horizonText: String(r.forecastHorizon || 14),
      }))
    }
  }, [shownRun.data, pair.store, pair.product])
  const running = isActive(shownRun.data?.status)

  // Results first: a run just submitted (or opened from the history) moves focus, and the view,
  // to the results area.
  const resultsRef = useRef<HTMLElement>(null)
  const [focusResults, setFocusResults] = useState(false)
  useEffect(() => {
    if (!focusResults || !runId) return
    setFocusResults(false)
    const el = resultsRef.current
    if (!el) return
    el.focus({ preventScroll: true })
    el.scrollIntoView({ behavior: 'smooth', block: 'start' })
  }, [focusResults, runId])

  const submit = useSubmitRun({
    onSubmitted: (run) => {
      setParams({ run: run.selectionId }, true)
      setFocusResults(true)
      void qc.invalidateQueries({ queryKey: runHistoryKeys.all })
    },
  })

  const blockedReason = ((): string | undefined => {
    if (!access.writeRuns) return READ_ONLY_RUN
    if (!pair.store) return 'Choose a store.'
    if (!pair.product) return 'Choose a product.'
    if (horizon === undefined) return 'Fix the forecast horizon (1 to 90 days).'
    if (availability.isPending) return 'Checking data availability…'
    if (availability.isError) return 'Data availability could not be checked.'
    if (avail?.status === AvailabilityStatus.UNUSABLE)
      return `This pair cannot be backtested: ${avail.reason || `only ${avail.observedDays} observed days, ${avail.requiredDaysLimited} needed`}.`
    const wErr = windowError(pair.startDate, pair.endDate)
    if (wErr) return wErr
    if (models.isPending) return 'Loading the model catalog…'
    if (models.isError) return 'The model catalog could not be loaded.'
    if (form.selected.length === 0) return 'Select at least one candidate model.'
    if (Object.keys(paramErrors).length > 0) return 'Fix the highlighted model parameters.'
    if (Object.keys(splitErrors).length > 0 || !split) return 'Fix the backtest settings.'
    return undefined
  })()

  const onRun = () => {
    if (blockedReason || !split || horizon === undefined || !pair.store || !pair.product) return
    submit.mutate(
      buildRunRequest(
        { storeId: pair.store.id, productId: pair.product.id, horizon, startDate: pair.startDate, endDate: pair.endDate },
        form,
        catalog,
        split,
      ),
    )
  }

  const openRun = (id: string) => {
    setParams({ run: id }, true)
    setFocusResults(true)
  }
  // A run link that cannot be loaded (unknown id, gone, no access) says so at the top of the page,
  // not below the setup cards.
  const runLinkError = runId && access.readRuns && shownRun.isError ? shownRun.error : undefined

  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_320px]">
      {runLinkError && (
        <div className="min-w-0 xl:col-span-2" data-testid="run-link-error">
          <ProblemAlert error={runLinkError} title={`Could not load run ${runId}`} />
        </div>
      )}
      <div className="min-w-0 space-y-4">
        <PairCard pair={pair} history={{ first: avail?.firstDate, last: avail?.lastDate }} onChange={setPair} />
        <AvailabilityCard storeId={pair.store?.id} productId={pair.product?.id} horizon={horizon} />
        <CandidateModelsCard models={models} form={form} paramErrors={paramErrors} onChange={changeForm} recommendation={recommendation} />
        <BacktestSettingsCard
          form={form}
          horizon={horizon}
          availability={avail}
          split={split}
          splitErrors={splitErrors}
          featureAwareSelected={featureAwareSelected}
          onChange={setForm}
        />
        <RunCard
          blockedReason={blockedReason}
          submitting={submit.isPending}
          running={running}
          submitError={submit.error}
          summary={`${form.selected.length} models, ${split?.nSplits ?? '?'} folds of ${horizon ?? '?'} days, window ${pair.startDate} → ${pair.endDate}.`}
          onRun={onRun}
        />
      </div>
      <aside className="min-w-0 space-y-4 xl:row-span-2" aria-label="Run history">
        {access.readRuns ? (
          <RunHistoryList
            storeId={pair.store?.id}
            productId={pair.product?.id}
            selectedId={runId}
            onOpen={openRun}
            onCompare={(ids) => setParams({ compare: ids.join(',') }, true)}
            labelOf={labelOf}
          />
        ) : (
          <NotPermitted testId="history-not-permitted">{`Run history is not shown. ${NO_RUN_READ}`}</NotPermitted>
        )}
      </aside>
      {access.readRuns && (
        <RunCompareDialog ids={compareIds} onClose={() => setParams({ compare: undefined }, true)} labelOf={labelOf} />
      )}
      <section
        ref={resultsRef}
        tabIndex={-1}
        className="min-w-0 scroll-mt-16 space-y-4 focus-visible:outline-none"
        aria-label="Results"
        id="results"
        data-testid="results"
      >
        {runId && !access.readRuns ? (
          <NotPermitted testId="results-not-permitted">{`Results are not shown. ${NO_RUN_READ}`}</NotPermitted>
        ) : runLinkError ? (
          <p className="rounded-xl border border-dashed p-6 text-center text-sm text-muted-foreground" data-testid="run-link-error-note">
            This run could not be loaded; the reason is at the top of the page.
          </p>
        ) : runId ? (
          <>
            <h2 className="text-lg font-semibold">
              Results <code className="text-xs font-normal text-muted-foreground">{runId}</code>
            </h2>
            <RunResults
              key={runId}
              selectionId={runId}
              cancelDisabledReason={access.writeRuns ? undefined : READ_ONLY_CANCEL}
              onRunSettled={() => void qc.invalidateQueries({ queryKey: runHistoryKeys.all })}
            />
          </>
        ) : (
          <p className="rounded-xl border border-dashed p-6 text-center text-sm text-muted-foreground" data-testid="no-run">
            Results appear here once you run a comparison or open one from the history.
          </p>
        )}
      </section>
    </div>
  )
}

/** The pair's recommended candidates and, when they add to the catalog's defaults, why. */
export function candidateRecommendation(
  a: PairAvailability | undefined,
  models: { models: readonly ModelInfo[]; defaultCandidateModelTypes: readonly string[] } | undefined,
): { types: string[]; reason?: string } | undefined {
  if (!a || !models || a.recommendedCandidateModelTypes.length === 0) return undefined
  const types = a.recommendedCandidateModelTypes
  const defaults = new Set(models.defaultCandidateModelTypes)
  const added = models.models.filter((m) => m.available && types.includes(m.modelType) && !defaults.has(m.modelType))
  if (added.length === 0) return { types }
  // Defaults that assume sales on most days (auto_arima) make room for the intermittent family.
  const left = models.models.filter((m) => m.available && defaults.has(m.modelType) && !types.includes(m.modelType))
  const pattern = a.demandPattern === DemandPattern.LUMPY ? 'lumpy' : 'intermittent'
  const adi = a.adi === undefined ? '' : ` (a sale every ${a.adi.toFixed(1)} days on average)`
  const names = (list: readonly ModelInfo[]) => list.map((m) => m.label || m.modelType).join(', ')
  const leftOut =
    left.length === 0 ? '' : ` ${names(left)} ${left.length === 1 ? 'is' : 'are'} left out: built for sales on most days.`
  return {
    types,
    reason: `This pair's demand is ${pattern}${adi}, so ${names(added)} ${added.length === 1 ? 'is' : 'are'} preselected too: built for days without sales.${leftOut}`,
  }
}
