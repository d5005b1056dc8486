# Dates as the agreements write them: 1/11-2025. Numbers: 4.209 and 6,3.
DATE_FORMAT = "j/n-Y"
SHORT_DATE_FORMAT = "j/n-Y"
DATETIME_FORMAT = "j/n-Y H:i"
SHORT_DATETIME_FORMAT = "j/n-Y H:i"
DATE_INPUT_FORMATS = ["%d/%m-%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
