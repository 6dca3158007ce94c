/**
 * The IKEv2 engine: IKE SAs as queues of small exchange tasks (IKE_SA_INIT, IKE_INTERMEDIATE,
 * IKE_AUTH, CREATE_CHILD_SA, IKE_FOLLOWUP_KE, INFORMATIONAL), UDP transport on ports 500/4500,
 * retransmission, the trace of every message and key, and the step controller.
 * Plain Java: no Eclipse imports, so the command line and tests run it outside OSGi.
 */
package org.ikewb.engine;
