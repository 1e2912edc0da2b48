"""The supervisors' Reports section: team reports and anonymized public summaries."""
