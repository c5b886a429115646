"""Tests of kzreport.analysis."""
