"""Engines other than the store's own: Apache Spark for the cube at scale."""
