/* numaplan — predicts where VMs land on Hyper-V hosts under OpenStack Nova
 * and whether their memory spans physical NUMA nodes.
 *
 * The one header to include: #include <numaplan.h>, and build with
 * `pkg-config --cflags --libs numaplan`.
 *
 *   NpScenario   settings, hosts, flavors, images, events (np-scenario.h),
 *                read from a file (np-scenario-load.h) or built in code
 *   NpEngine     the cluster, stepped an event at a time (np-engine.h)
 *   NpReport     results as JSON or text, written as they happen (np-report.h)
 */
#pragma once

#include <numaplan/np-code.h>
#include <numaplan/np-engine.h>
#include <numaplan/np-error.h>
#include <numaplan/np-event.h>
#include <numaplan/np-flavor.h>
#include <numaplan/np-host.h>
#include <numaplan/np-report.h>
#include <numaplan/np-result.h>
#include <numaplan/np-scenario-load.h>
#include <numaplan/np-scenario.h>
#include <numaplan/np-settings.h>
#include <numaplan/np-version.h>
