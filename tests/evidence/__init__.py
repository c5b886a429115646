"""Tests of kzreport.evidence."""
