/**
 * The Hanoi demo figures, from the programme's start to the period now open, drawn from a seeded
 * generator so every machine gets the same numbers. Calibrated on the city's September 2022
 * figures in the 2022 article: ≈ 3.4 M e-ID applications received, > 6 M chip-ID records,
 * 99.5 % of ≈ 8 M citizen records cleaned, ≈ 700,000 vaccination records cleaned, 21 of the 25
 * essential services live, 928 services integrated by November 2022.
 *
 * Kept as one file because the four passes (teams, communes, districts, the city) share one
 * calibration (the periods, the calibration month, the units by code) and run in one order, which
 * decides the figures the calibration tests pin.
 */
import { addDays, type PeriodWindow, periodIndex, periodRange } from '@tiendo/shared';
import { CITY, COMMUNE, DISTRICT, ESSENTIAL_SERVICES, TEAM } from './catalogue.ts';
import { between, mulberry32, seedOf } from './prng.ts';
import type { SeedFigure, SeedReport, SeedUnit } from './types.ts';

export const CALIBRATION_PERIOD = '2022-09';
export const CALIBRATION = {
  received: 3_412_560,
  chipRecords: 6_123_480,
  citizenRecords: 8_000_000,
  cleanedPercent: 99.5,
  vaccination: 700_000,
  essentialLive: 21,
};
/** Districts that lag in the demo: more late and missing reports, slower progress. */
export const LAGGING_DISTRICTS = ['271', '282', '283', '016'];
/**
 * Phường Hồng Hà (which took Phúc Xá in July 2025) has not reported the open period yet, so anyone
 * can try the workflow on it; before the reform it was Phúc Xá.
 */
export const UNREPORTED_COMMUNE = '00097';
export const UNREPORTED_COMMUNE_BEFORE = '00001';

/** Essential services not live in September 2022, and when they go live. */
const LATE_SERVICES: Record<string, string> = { dv08: '2022-11', dv22: '2023-02', dv19: '2023-06', dv25: '2023-09' };

export interface DemoOptions {
  units: SeedUnit[];
  start: string;
  /** The latest period whose cut-off has passed: fully reported, bar a few late or missing. */
  lastClosed: string;
  /** The period now open: only a few early task teams have reported. */
  open: string;
  today: string;
  /** The demo's "now" (see `demoNow`): no report is stamped after it. */
  now: string;
  windowOf: (period: string) => PeriodWindow;
  /** A reorganisation of the communes: who reports what changes from its period on. */
  reorg?: DemoReorg;
}

export interface DemoReorg {
  period: string;
  /** The new communes (directly under the city). */
  communes: SeedUnit[];
  /** Each task team's new commune. */
  teamCommune: Map<string, string>;
  /** Each new commune's predecessors with the share it took of each. */
  predecessors: Map<string, { code: string; share: number }[]>;
}

export interface DemoSink {
  figure(f: SeedFigure & { recordedAt: string }): void;
  report(r: SeedReport): void;
}

type Fate = 'on_time' | 'late' | 'missing';

/** What communes and districts write up in their monthly reports. */
const DIFFICULTIES = [
  'Thiết bị thu nhận hồ sơ định danh điện tử mức độ 2 còn thiếu, phải luân chuyển giữa các tổ công tác.',
  'Đường truyền Internet tại một số thôn không ổn định, việc kích hoạt tài khoản VNeID bị gián đoạn.',
  'Một bộ phận người cao tuổi không sử dụng điện thoại thông minh, cần hỗ trợ trực tiếp tại nhà.',
  'Dữ liệu hộ tịch cũ có sai lệch so với Cơ sở dữ liệu quốc gia về dân cư, mất nhiều thời gian đối chiếu.',
  'Lực lượng tổ công tác kiêm nhiệm nhiều việc, thời gian dành cho rà soát, làm sạch dữ liệu còn hạn chế.',
  'Người lao động ngoại tỉnh thường xuyên thay đổi chỗ ở, khó cập nhật thông tin cư trú.',
];
const RECOMMENDATIONS = [
  'Đề nghị cấp trên bổ sung thiết bị đọc chip CCCD cho các tổ công tác.',
  'Đề nghị Công an thành phố tổ chức tập huấn lại quy trình kích hoạt định danh điện tử mức độ 2.',
  'Kiến nghị Sở Thông tin và Truyền thông hỗ trợ nâng cấp đường truyền tại các thôn vùng xa.',
  'Đề nghị bố trí kinh phí hỗ trợ cho lực lượng tổ công tác làm việc ngoài giờ.',
  'Kiến nghị hướng dẫn thống nhất cách xử lý dữ liệu trùng, sai lệch giữa các cơ sở dữ liệu chuyên ngành.',
];

/**
 * The demo's "now": the real moment when the demo's today is the real day (Hà Nội's date, up
 * to a day ahead of UTC's); the end of that day when today is pinned (TIENDO_TODAY, the tests),
 * so a pinned demo is the same whatever the hour it is seeded at. Stamps are UTC instants, as
 * the server writes them.
 */
export function demoNow(today: string, real: string): string {
  const realDay = real.slice(0, 10);
  return realDay === today || realDay === addDays(today, -1) ? real : `${today}T23:59:59.999Z`;
}

export function generateDemo(opts: DemoOptions, sink: DemoSink): void {
  const periods = periodRange(opts.start, opts.open);
  const M = periods.length;
  const openIdx = M - 1;
  const calIdx = periodIndex(CALIBRATION_PERIOD) - periodIndex(opts.start);
  const byCode = new Map(opts.units.map((u) => [u.code, u]));
  const districtOf = (u: SeedUnit): string => {
    let x: SeedUnit | undefined = u;
    while (x && x.level > DISTRICT) x = x.parentCode ? byCode.get(x.parentCode) : undefined;
    return x?.code ?? '';
  };
  const teams = opts.units.filter((u) => u.level === TEAM);
  const communes = opts.units.filter((u) => u.level === COMMUNE);
  const districts = opts.units.filter((u) => u.level === DISTRICT);
  const city = opts.units.find((u) => u.level === CITY) as SeedUnit;

  const fate = (u: SeedUnit, m: number, rand: () => number): Fate => {
    if (m === openIdx) return 'missing';
    const lag = LAGGING_DISTRICTS.includes(districtOf(u));
    const [miss, late] =
      u.level === TEAM ? (lag ? [0.05, 0.18] : [0.012, 0.06]) : u.level === COMMUNE ? (lag ? [0.02, 0.12] : [0.004, 0.05]) : [0, 0.06];
    const r = rand();
    return r < miss ? 'missing' : r < miss + late ? 'late' : 'on_time';
  };
  const submittedAt = (m: number, f: Fate, rand: () => number): string => {
    const w = opts.windowOf(periods[m] as string);
    const day =
      f === 'late'
        ? addDays(w.deadline, 1 + Math.floor(rand() * 5))
        : addDays(w.to, 1 + Math.floor(rand() * Math.max(1, daysBetween(w.to, w.deadline))));
    const hour = 7 + Math.floor(rand() * 10);
    return notAfterNow(`${day}T${String(hour).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:00.000Z`);
  };
  const earlyAt = (rand: () => number): string => {
    const w = opts.windowOf(opts.open);
    const day = addDays(opts.today, -Math.floor(rand() * 4));
    return notAfterNow(`${day < w.from ? w.from : day}T08:00:00.000Z`);
  };
  // Clamped after the draws, so the random sequence (and every figure) is the same whatever the hour.
  const notAfterNow = (at: string): string => (at > opts.now ? opts.now : at);

  // ---- task teams: draw everything first, then scale so the city matches the article ----
  const T = teams.length;
  const pop = new Float64Array(T);
  const received = new Float64Array(T * M);
  const chip = new Float64Array(T * M);
  const gap = new Float64Array(T * M);
  const fates: Fate[] = new Array(T * M);
  const stamps: string[] = new Array(T * M);
  const A = (m: number) => 0.85 / (1 + Math.exp(-(m - calIdx) / 3));
  const B = (m: number) => 0.95 * (1 - Math.exp(-(m + 1) / 5.54));
  teams.forEach((t, i) => {
    const rand = mulberry32(seedOf(`team:${t.code}`));
    const lag = LAGGING_DISTRICTS.includes(districtOf(t));
    const perf = lag ? between(rand, 0.72, 0.9) : between(rand, 0.9, 1.12);
    const lagGap = lag ? between(rand, 1.5, 3) : between(rand, 0.3, 1.2);
    pop[i] = between(rand, 0.6, 1.4);
    // (The draw is made as before the reform, so the other teams' figures do not change.)
    const early =
      t.parentCode !== null &&
      !t.parentCode.startsWith(UNREPORTED_COMMUNE_BEFORE) &&
      rand() < 0.05 &&
      (opts.reorg?.teamCommune.get(t.code) ?? t.parentCode) !== UNREPORTED_COMMUNE;
    for (let m = 0; m < M; m++) {
      const k = i * M + m;
      const f = m === openIdx ? (early ? 'on_time' : 'missing') : fate(t, m, rand);
      fates[k] = f;
      stamps[k] = f === 'missing' ? '' : m === openIdx ? earlyAt(rand) : submittedAt(m, f, rand);
      // After the big push, new adults and late applicants keep a trickle going.
      // Kept small so that, years on, the running totals stay below the population (~8 M records).
      const trickle = m > calIdx ? 0.0015 : 0;
      received[k] = (pop[i] as number) * perf * Math.max(trickle, A(m) - (m === 0 ? 0 : A(m - 1))) * between(rand, 0.85, 1.15);
      chip[k] = (pop[i] as number) * perf * Math.max(trickle / 3, B(m) - (m === 0 ? 0 : B(m - 1))) * between(rand, 0.85, 1.15);
      gap[k] = 0.45 * lagGap * Math.exp(-m / 1.78) + 0.0008 * lagGap;
    }
  });
  const popTotal = pop.reduce((s, p) => s + p, 0);
  const popScale = CALIBRATION.citizenRecords / popTotal;
  const upToCal = (arr: Float64Array) => {
    let s = 0;
    for (let i = 0; i < T; i++) for (let m = 0; m <= calIdx; m++) if (fates[i * M + m] !== 'missing') s += arr[i * M + m] as number;
    return s;
  };
  const recScale = CALIBRATION.received / upToCal(received);
  const chipScale = CALIBRATION.chipRecords / upToCal(chip);
  let denCal = 0;
  let gapCal = 0;
  for (let i = 0; i < T; i++) {
    const den = (pop[i] as number) * popScale * (1 + 0.0015 * calIdx);
    denCal += den;
    gapCal += den * (gap[i * M + calIdx] as number);
  }
  const gapScale = ((1 - CALIBRATION.cleanedPercent / 100) * denCal) / gapCal;

  const teamReceived = new Map<string, Float64Array>();
  teams.forEach((t, i) => {
    const recv = new Float64Array(M);
    // Running totals: a team never receives more applications or chip-ID records than it has
    // citizens (its citizen-records count, the cleaning ratio's denominator, that month).
    let sumReceived = 0;
    let sumChip = 0;
    for (let m = 0; m < M; m++) {
      const k = i * M + m;
      if (fates[k] === 'missing') continue;
      const at = stamps[k] as string;
      const period = periods[m] as string;
      const den = Math.round((pop[i] as number) * popScale * (1 + 0.0015 * m));
      const r = Math.max(0, Math.min(Math.round((received[k] as number) * recScale), den - sumReceived));
      const c = Math.max(0, Math.min(Math.round((chip[k] as number) * chipScale), den - sumChip));
      sumReceived += r;
      sumChip += c;
      recv[m] = r;
      const num = Math.min(den, Math.round(den * (1 - Math.min(1, (gap[k] as number) * gapScale))));
      sink.figure({ unit: t.code, kpi: 'dinh_danh_tiep_nhan', period, value: r, recordedAt: at });
      sink.figure({ unit: t.code, kpi: 'cccd_thu_nhan', period, value: c, recordedAt: at });
      sink.figure({ unit: t.code, kpi: 'lam_sach_dan_cu', period, numerator: num, denominator: den, recordedAt: at });
      sink.report({ unit: t.code, period, state: m >= openIdx - 1 ? 'submitted' : 'approved', submittedAt: at });
    }
    const prev = teamReceived.get(t.parentCode as string);
    if (prev) for (let m = 0; m < M; m++) prev[m] = (prev[m] as number) + (recv[m] as number);
    else teamReceived.set(t.parentCode as string, recv);
  });
  const teamPop = new Map<string, number>();
  teams.forEach((t, i) => {
    teamPop.set(t.parentCode as string, (teamPop.get(t.parentCode as string) ?? 0) + (pop[i] as number) * popScale);
  });

  // ---- communes ----
  const V = (m: number) => 1 - Math.exp(-(m + 1) / 4);
  const vacScale = CALIBRATION.vaccination / V(calIdx);
  const reorgIdx = opts.reorg ? Math.max(0, periodIndex(opts.reorg.period) - periodIndex(opts.start)) : M;
  const communeFigures = (
    c: SeedUnit,
    lag: boolean,
    people: number,
    recv: Float64Array,
    from: number,
    to: number,
    start: { received: number; processed: number },
  ) => {
    const rand = mulberry32(seedOf(`commune:${c.code}${from > 0 ? `@${from}` : ''}`));
    const share = people / CALIBRATION.citizenRecords;
    const payLag = lag ? between(rand, 1.2, 1.6) : between(rand, 0.8, 1.1);
    let receivedCum = start.received;
    let processedCum = start.processed;
    for (let m = from; m < to; m++) {
      receivedCum += recv[m] as number;
      const f = fate(c, m, rand);
      if (f === 'missing') continue;
      const at = submittedAt(m, f, rand);
      const period = periods[m] as string;
      const q = 0.86 + 0.11 * (1 - Math.exp(-m / 10));
      const processed = Math.max(0, Math.min(receivedCum - processedCum, Math.round(receivedCum * q - processedCum)));
      processedCum += processed;
      const vac = Math.round(vacScale * share * Math.max(0, V(m) - (m === 0 ? 0 : V(m - 1))) * between(rand, 0.9, 1.1));
      const paidDen = Math.round(people * 0.11 * between(rand, 0.97, 1.03));
      const e = Math.min(0.995, 0.97 - 0.72 * Math.exp(-m / (9 * payLag)) + between(rand, -0.02, 0.02));
      sink.figure({ unit: c.code, kpi: 'dinh_danh_giai_quyet', period, value: processed, recordedAt: at });
      sink.figure({ unit: c.code, kpi: 'lam_sach_tiem_chung', period, value: vac, recordedAt: at });
      sink.figure({
        unit: c.code,
        kpi: 'chi_tra_dien_tu',
        period,
        numerator: Math.round(paidDen * Math.max(0, e)),
        denominator: paidDen,
        recordedAt: at,
      });
      sink.figure({ unit: c.code, kpi: 'van_ban_chi_dao', period, value: Math.floor(between(rand, 0, 3.6)), recordedAt: at });
      // Recent reports of communes, mostly in lagging districts, carry difficulties and recommendations.
      const writes = m >= openIdx - 3 && rand() < (lag ? 0.3 : 0.02);
      sink.report({
        unit: c.code,
        period,
        state: m >= openIdx - 1 ? 'submitted' : 'approved',
        submittedAt: at,
        ...(writes
          ? {
              difficulties: DIFFICULTIES[Math.floor(rand() * DIFFICULTIES.length)] as string,
              recommendations: RECOMMENDATIONS[Math.floor(rand() * RECOMMENDATIONS.length)] as string,
            }
          : {}),
      });
    }
  };
  for (const c of communes) {
    const lag = LAGGING_DISTRICTS.includes(districtOf(c));
    communeFigures(c, lag, teamPop.get(c.code) ?? 0, teamReceived.get(c.code) ?? new Float64Array(M), 0, Math.min(openIdx, reorgIdx), {
      received: 0,
      processed: 0,
    });
  }
  // ---- the communes of the new map: their teams' figures, their own reports from the reform on ----
  if (opts.reorg && reorgIdx < openIdx) {
    const recvOf = new Map<string, Float64Array>();
    const popOf = new Map<string, number>();
    teams.forEach((t, i) => {
      const nc = opts.reorg?.teamCommune.get(t.code);
      if (!nc) return;
      const series = recvOf.get(nc) ?? new Float64Array(M);
      for (let m = 0; m < M; m++)
        if (fates[i * M + m] !== 'missing') series[m] = (series[m] as number) + Math.round((received[i * M + m] as number) * recScale);
      recvOf.set(nc, series);
      popOf.set(nc, (popOf.get(nc) ?? 0) + (pop[i] as number) * popScale);
    });
    for (const c of opts.reorg.communes) {
      const preds = opts.reorg.predecessors.get(c.code) ?? [];
      const lag = preds.some((p) => {
        const old = byCode.get(p.code);
        return old !== undefined && LAGGING_DISTRICTS.includes(districtOf(old));
      });
      const recv = recvOf.get(c.code) ?? new Float64Array(M);
      let received = 0;
      for (let m = 0; m < reorgIdx; m++) received += recv[m] as number;
      // Processed so far: the share of what its teams received that communes had processed by
      // then (the same rate the predecessors worked at), so its first own month has no jump.
      const q = 0.86 + 0.11 * (1 - Math.exp(-(reorgIdx - 1) / 10));
      const processed = received * q;
      communeFigures(c, lag, popOf.get(c.code) ?? 0, recv, reorgIdx, openIdx, {
        received,
        processed: Math.min(received, Math.round(processed)),
      });
    }
  }

  // ---- districts ----
  for (const d of districts) {
    const rand = mulberry32(seedOf(`district:${d.code}`));
    for (let m = 0; m < Math.min(openIdx, reorgIdx); m++) {
      const f = fate(d, m, rand);
      const at = submittedAt(m, f, rand);
      const period = periods[m] as string;
      sink.figure({ unit: d.code, kpi: 'van_ban_chi_dao', period, value: Math.floor(between(rand, 1, 6)), recordedAt: at });
      sink.report({ unit: d.code, period, state: m >= openIdx - 1 ? 'submitted' : 'approved', submittedAt: at });
    }
  }

  // ---- the city ----
  const rand = mulberry32(seedOf(`city:${city.code}`));
  const firstLive = ESSENTIAL_SERVICES.map((s, i) => LATE_SERVICES[s.code] ?? periods[Math.min(calIdx - 3, Math.floor(i / 2))]);
  for (let m = 0; m < openIdx; m++) {
    const period = periods[m] as string;
    const at = submittedAt(m, 'on_time', rand);
    const live = ESSENTIAL_SERVICES.filter((_, i) => (firstLive[i] as string) <= period).map((s) => s.code);
    const integrated = m <= 10 ? Math.round(120 + (808 * m) / 10) : Math.min(1_050, 928 + Math.round((m - 10) * 2.6));
    // 58 % in September 2022 at about 2 points a month; faster from the end of 2022.
    const eligible = 1_850 + Math.floor(m / 12) * 40;
    const pct = m <= calIdx ? 42 + 2 * m : Math.min(88, 58 + 2.7 * (m - calIdx) - 0.02 * (m - calIdx) ** 2);
    sink.figure({ unit: city.code, kpi: 'dvc_thiet_yeu', period, items: live, recordedAt: at });
    sink.figure({ unit: city.code, kpi: 'dvc_tich_hop', period, value: integrated, recordedAt: at });
    sink.figure({
      unit: city.code,
      kpi: 'tthc_tich_hop',
      period,
      numerator: Math.round((eligible * pct) / 100),
      denominator: eligible,
      recordedAt: at,
    });
    sink.figure({
      unit: city.code,
      kpi: 'van_ban_chi_dao',
      period,
      value: m <= calIdx ? 6 + Math.floor(between(rand, 0, 3.99)) : 3 + Math.floor(between(rand, 0, 4)),
      recordedAt: at,
    });
    sink.report({ unit: city.code, period, state: m >= openIdx - 1 ? 'submitted' : 'approved', submittedAt: at });
  }
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
}
