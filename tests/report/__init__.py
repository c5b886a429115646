"""Tests of kzreport.report."""
