/**
 * The options of a ticket-clock run as a user types them (in the command line or the task
 * pane): targets and services per priority as `LABEL=VALUE` lists. Both surfaces read them here.
 */
import { Result, fail, isFailure, ticketMessages } from "../errors";
import { Calendar, compileCalendar } from "../calendar/compile";
import { MeasureOptions } from "./measure";
import { stateKey, stateLists, withResponseStates } from "./states";
import { DateOrder, isTimeProblem, parseTime } from "./times";
import { isKnownZone } from "./zone";

/**
 * Reads `LABEL=VALUE` pairs separated by commas; labels are folded as states are.
 * @param text - The list; blank gives no pairs.
 * @param option - The option's name, for messages (`--targets`, `Targets`).
 * @param example - An example list, for messages.
 * @returns The pairs by folded label, or a `#VALUE!` failure naming the bad pair or the repeated label.
 * @example labelPairs("P1=4, P2=8", "--targets", "P1=4").get("p2") // => { label: "P2", value: "8" }
 */
export function labelPairs(
  text: string,
  option: string,
  example: string,
): Result<Map<string, { label: string; value: string }>> {
  const out = new Map<string, { label: string; value: string }>();
  for (const raw of text.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0 || eq === part.length - 1) return fail("#VALUE!", ticketMessages.badPairs(option, part, example));
    const label = part.slice(0, eq).trim();
    const key = stateKey(label);
    if (out.has(key)) return fail("#VALUE!", ticketMessages.repeatedLabel(option, label));
    out.set(key, { label, value: part.slice(eq + 1).trim() });
  }
  return out;
}

/**
 * Target business hours per priority: `P1=4,P2=8`.
 * @returns Hours by folded priority, or a failure naming the bad pair.
 * @example parseTargets("P1=4, P2=8.5", "--targets").get("p2") // => 8.5
 */
export function parseTargets(text: string, option: string): Result<Map<string, number>> {
  const pairs = labelPairs(text, option, "P1=4,P2=8");
  if (isFailure(pairs)) return pairs;
  const out = new Map<string, number>();
  for (const [key, { label, value }] of pairs) {
    if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value)) return fail("#VALUE!", ticketMessages.badTarget(option, label, value));
    out.set(key, Number(value));
  }
  return out;
}

/**
 * Service IDs per priority: `P1=SL-001,P2=SL-002`.
 * @returns Service ID by folded priority, or a failure naming the bad pair.
 * @example parseServices("P1=SL-001", "--services").get("p1") // => "SL-001"
 */
export function parseServices(text: string, option: string): Result<Map<string, string>> {
  const pairs = labelPairs(text, option, "P1=SL-001,P2=SL-002");
  if (isFailure(pairs)) return pairs;
  return new Map([...pairs].map(([k, v]) => [k, v.value]));
}

/** The settings every reader of an export's times shares, as typed. */
export interface ClockSettings {
  /** Calendar text; blank is 24x7. */
  readonly calendar?: string;
  readonly holidays?: readonly number[];
  /** IANA zone; blank is UTC. */
  readonly tz?: string;
  /** DMY or MDY (any case); blank: day/month dates are rejected. */
  readonly dateOrder?: string;
}

/** The checked clock settings: the compiled calendar, the zone, and the date order. */
export interface ClockOptions {
  readonly calendar: Calendar;
  readonly zone: string;
  readonly dateOrder?: DateOrder;
}

/**
 * Checks and compiles the clock settings shared by the ticket clock and process latency.
 * @param settings - The settings as typed.
 * @param names - The settings' names for messages.
 * @returns The options, or a `#VALUE!` failure naming the first bad setting.
 * @example clockOptions({ tz: "Europe/Berlin", calendar: "Mon-Fri 09:00-17:00" }, CLI_SETTING_NAMES).zone // => "Europe/Berlin"
 */
export function clockOptions(
  settings: ClockSettings,
  names: Pick<SettingNames, "tz" | "dateOrder">,
): Result<ClockOptions> {
  const zone = settings.tz?.trim() || "UTC";
  if (!isKnownZone(zone)) return fail("#VALUE!", ticketMessages.unknownZone(names.tz, zone));
  const order = settings.dateOrder?.trim() ?? "";
  if (order !== "" && !/^(dmy|mdy)$/i.test(order)) {
    return fail("#VALUE!", ticketMessages.badDateOrder(names.dateOrder, order));
  }
  const dateOrder = order === "" ? undefined : (order.toUpperCase() as DateOrder);
  const calendar = compileCalendar(settings.calendar?.trim() || "24x7", settings.holidays ?? []);
  if (isFailure(calendar)) return calendar;
  return { calendar, zone, dateOrder };
}

/** A run's settings as typed: every list and option as text. */
export interface TicketSettings {
  readonly start: string;
  readonly pause: string;
  readonly stop: string;
  readonly targets: string;
  /** Target hours of tickets without a priority (a process log has none); blank: none. */
  readonly defaultTarget?: string;
  readonly services?: string;
  /** Calendar text; blank is 24x7. */
  readonly calendar?: string;
  readonly holidays?: readonly number[];
  /** IANA zone; blank is UTC. */
  readonly tz?: string;
  /** DMY or MDY (any case); blank: day/month dates are rejected. */
  readonly dateOrder?: string;
  /** A date-time; blank: running tickets count up to their last event. */
  readonly asOf?: string;
  /** OLA target hours per assignment group: `Service Desk=2,Network=4`. */
  readonly olaTargets?: string;
  /** States whose first entry answers a ticket: `In Progress,Assigned`. */
  readonly responseStates?: string;
  /** Response target hours per priority: `P1=0.5,P2=1`. */
  readonly responseTargets?: string;
  /** Response service ID per priority, for Results. */
  readonly responseServices?: string;
  /** The first change of assignment group answers a ticket. */
  readonly respondOnGroupChange?: boolean;
}

/** What each setting is called where it was typed, for messages. */
export type SettingNames = Readonly<Record<Exclude<keyof TicketSettings, "holidays">, string>>;

/** The command line's names of the settings. */
export const CLI_SETTING_NAMES: SettingNames = {
  start: "--start",
  pause: "--pause",
  stop: "--stop",
  targets: "--targets",
  defaultTarget: "--default-target",
  services: "--services",
  calendar: "--calendar",
  tz: "--tz",
  dateOrder: "--date-order",
  asOf: "--as-of",
  olaTargets: "--ola-targets",
  responseStates: "--response-states",
  responseTargets: "--response-targets",
  responseServices: "--response-services",
  respondOnGroupChange: "--respond-on-group-change",
};

/**
 * Checks and compiles a run's settings into the options of `historyBuilder`.
 * @param settings - The settings as typed.
 * @param names - The settings' names for messages.
 * @returns The options, or a `#VALUE!` failure naming the first bad setting.
 * @example measureOptions({ start: "New", pause: "", stop: "Resolved", targets: "P1=4" }, CLI_SETTING_NAMES)
 */
export function measureOptions(settings: TicketSettings, names: SettingNames): Result<MeasureOptions> {
  const clock = clockOptions(settings, names);
  if (isFailure(clock)) return clock;
  const { zone, dateOrder, calendar } = clock;
  const states = stateLists(
    [settings.start],
    [settings.pause],
    [settings.stop],
    [names.start, names.pause, names.stop],
  );
  if (isFailure(states)) return states;
  const olaTargets = parseTargets(settings.olaTargets ?? "", names.olaTargets);
  if (isFailure(olaTargets)) return olaTargets;
  const responseTargets = parseTargets(settings.responseTargets ?? "", names.responseTargets);
  if (isFailure(responseTargets)) return responseTargets;
  const responseServices = parseServices(settings.responseServices ?? "", names.responseServices);
  if (isFailure(responseServices)) return responseServices;
  const targets = parseTargets(settings.targets, names.targets);
  if (isFailure(targets)) return targets;
  // The default target is the target of the blank priority (a process log's tickets have none).
  const fallback = settings.defaultTarget?.trim() ?? "";
  if (fallback !== "" && !/^(\d+(\.\d*)?|\.\d+)$/.test(fallback))
    return fail("#VALUE!", ticketMessages.badDefaultTarget(names.defaultTarget, fallback));
  if (fallback !== "") targets.set(stateKey(""), Number(fallback));
  const services = parseServices(settings.services ?? "", names.services);
  if (isFailure(services)) return services;
  const asOfText = settings.asOf?.trim() ?? "";
  const asOf = asOfText === "" ? undefined : parseTime(asOfText, dateOrder);
  if (asOf && isTimeProblem(asOf)) return fail("#VALUE!", ticketMessages.badAsOf(names.asOf, asOfText, asOf.reason));
  return {
    calendar,
    zone,
    states: withResponseStates(states, [settings.responseStates ?? ""]),
    targets,
    services,
    dateOrder,
    asOf,
    olaTargets,
    responseTargets,
    responseServices,
    respondOnGroupChange: settings.respondOnGroupChange === true,
  };
}
