/**
 * The carrier webhook's refused signatures as a CloudWatch metric (Powertools EMF on stdout, which
 * Lambda turns into a metric): `CarrierSignaturesRejected`, one data point per refusal, with the
 * carrier as a dimension next to Powertools' `service`. Nothing else goes with it: no body, header,
 * address or tracking number.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { CARRIER_SIGNATURE_METRIC, type CarrierId } from '../config/carriers';
import type { CarrierWebhookSignals } from '../usecases/shipping';

/** Namespace from POWERTOOLS_METRICS_NAMESPACE, service from POWERTOOLS_SERVICE_NAME, unless given. */
export function carrierSignalsAsMetrics(metrics: Metrics = new Metrics()): CarrierWebhookSignals {
  return {
    rejectedSignature(carrier: CarrierId): void {
      // A single metric is written at once: a refused request has no later point to flush at.
      const single = metrics.singleMetric();
      single.addDimension(CARRIER_SIGNATURE_METRIC.dimension, carrier);
      single.addMetric(CARRIER_SIGNATURE_METRIC.name, MetricUnit.Count, 1);
    },
  };
}
