// Package schedule is the harness's virtual clock for the billing core's
// cron: it lists the instants a cron expression fires between two times,
// with robfig/cron's parser, so a scenario of weeks runs in moments.
package schedule
