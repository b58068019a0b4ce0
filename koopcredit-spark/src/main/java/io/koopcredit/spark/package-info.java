/**
 * The credit analysis on an Apache Spark cluster: the only package of koopcredit that touches Spark.
 */
package io.koopcredit.spark;
