/**
 * controllers/cronjob/ is the CronJob controller, decided purely: cron schedules evaluated in the
 * CronJob's time zone (robfig/cron's Next, upstream's mostRecentScheduleTime), the Job to create
 * for the most recent missed time, concurrencyPolicy, startingDeadlineSeconds, suspend and the
 * history limits. The Jobs it creates run under the Job controller.
 */
export {
  computeCronJobActions,
  cronJobJobName,
  type CronJobActions,
  type CronJobJobView,
} from "./compute-cron-job-actions.js";
export { SCHEDULED_TIMESTAMP_ANNOTATION, buildCronJobJob, buildManualJob } from "./build-cron-job-job.js";
export { nextScheduleTime } from "./next-schedule-time.js";
export {
  mostRecentScheduleTime,
  type MissedSchedules,
  type RecentSchedule,
} from "./most-recent-schedule-time.js";
