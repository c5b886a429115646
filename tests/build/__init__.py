"""Tests of kzreport.build, and of what builds produce (the report read in Chromium and as PDF pages)."""
